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
        Assert.True(FixedPoint.TryParse(System.Text.Encoding.Latin1.GetBytes(text), digits, out var fromBytes));
        Assert.Equal(expected, fromBytes);
    }

    [Theory]
    [InlineData("1.234", 2)]
    [InlineData("abc", 2)]
    [InlineData("1,5", 2)]
    [InlineData("", 2)]
    [InlineData("-", 2)]
    [InlineData("99999999999999999999", 2)]
    public void TryParse_RefusesWhatItCannotHoldExactly(string text, int digits)
    {
        Assert.False(FixedPoint.TryParse(text, digits, out _));
        Assert.False(FixedPoint.TryParse(System.Text.Encoding.Latin1.GetBytes(text), digits, out _));
    }

    [Fact]
    public void TryParse_Latin1Bytes_SameAnswerAsTheText()
    {
        // Signs, points, digits, letters and Latin-1 white space (including no-break space and NEL), at lengths up to and
        // past where a long overflows.
        const string alphabet = "0123456789.-+ e\t\u00A0\u008500000";
        var random = new Random(20261124);
        var numbers = 0;
        for (var n = 0; n < 50_000; n++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var digits = random.Next(0, 6);
            var asText = FixedPoint.TryParse(text, digits, out var fromText);
            var asBytes = FixedPoint.TryParse(System.Text.Encoding.Latin1.GetBytes(text), digits, out var fromBytes);
            Assert.True((asText, fromText) == (asBytes, fromBytes), $"'{text}' ({digits} digits): text {asText} {fromText}, bytes {asBytes} {fromBytes}");
            if (asText) numbers++;
        }
        Assert.True(numbers > 1_000, $"only {numbers} samples were numbers");
    }

    [Theory]
    [InlineData(1455976, 5, "14.55976")]
    [InlineData(-150, 2, "-1.50")]
    [InlineData(7, 2, "0.07")]
    public void Format_RoundTrips(long value, int digits, string expected) =>
        Assert.Equal(expected, FixedPoint.Format(value, digits));

    [Theory]
    [InlineData(498358872000, 5, 2, "4,983,588.72")]
    [InlineData(1455976, 5, 2, "14.55976")]
    [InlineData(1455900, 5, 2, "14.559")]
    [InlineData(529844257, 2, 2, "5,298,442.57")]
    [InlineData(-150, 2, 2, "-1.50")]
    [InlineData(302261500, 3, 0, "302,261.5")]
    [InlineData(302261000, 3, 0, "302,261")]
    public void FormatGrouped_ShowsThousandsAndOnlyTheDecimalsTheValueHasBeyondTheMinimum(long value, int digits, int minDigits, string expected) =>
        Assert.Equal(expected, FixedPoint.FormatGrouped(value, digits, minDigits));
}
