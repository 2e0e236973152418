using RxAtlas.Core;

namespace RxAtlas.Core.Tests;

public class FixedPointTests
{
    [Theory]
    [InlineData("00000083.79", 2, 8379)]
    [InlineData("2.99", 2, 299)]
    [InlineData("14.55976", 5, 1455976)]
    [InlineData("2.7", 5, 270000)]
    [InlineData("-1.5", 2, -150)]
    [InlineData(" 0018500 ", 3, 18500000)]
    [InlineData("500.0", 3, 500000)]
    [InlineData("1.500", 2, 150)]
    [InlineData(".5", 2, 50)]
    public void TryParse_IsExact(string text, int digits, long expected)
    {
        Assert.True(FixedPoint.TryParse(text, digits, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.234", 2)]
    [InlineData("abc", 2)]
    [InlineData("1,5", 2)]
    [InlineData("", 2)]
    [InlineData("-", 2)]
    [InlineData("99999999999999999999", 2)]
    public void TryParse_RefusesWhatItCannotHoldExactly(string text, int digits) =>
        Assert.False(FixedPoint.TryParse(text, digits, out _));

    [Theory]
    [InlineData(1455976, 5, "14.55976")]
    [InlineData(-150, 2, "-1.50")]
    [InlineData(7, 2, "0.07")]
    public void Format_RoundTrips(long value, int digits, string expected) =>
        Assert.Equal(expected, FixedPoint.Format(value, digits));
}
