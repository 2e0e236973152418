using RxAtlas.SampleData.Writers;

namespace RxAtlas.SampleData.Tests;

public sealed class LineBuilderTests
{
    private static string Build(Action<LineBuilder> build)
    {
        var line = new LineBuilder();
        build(line);
        return line.ToString();
    }

    [Theory]
    [InlineData(8379, 2, 2, 8, "00000083.79")]
    [InlineData(-1234, 2, 2, 8, "-0000012.34")]
    [InlineData(7812000, 5, 2, 8, "00000078.12")]
    [InlineData(1455976, 5, 5, 1, "14.55976")]
    [InlineData(18500000, 3, 0, 7, "0018500")]
    [InlineData(28500, 3, 1, 1, "28.5")]
    [InlineData(500000, 3, 1, 1, "500.0")]
    [InlineData(5, 2, 2, 1, "0.05")]
    [InlineData(-5, 2, 2, 1, "-0.05")]
    public void AppendDecimal_PrintsScaledIntegersExactly(long scaled, int scale, int print, int width, string expected) =>
        Assert.Equal(expected, Build(l => l.AppendDecimal(scaled, scale, print, width)));

    [Fact]
    public void AppendDecimal_RefusesToDropDigits() =>
        Assert.Throws<InvalidOperationException>(() => Build(l => l.AppendDecimal(1455976, 5, 2)));

    [Theory]
    [InlineData(31, 7, "0000031")]
    [InlineData(0, 7, "0000000")]
    [InlineData(-12, 7, "-000012")]
    [InlineData(1234567890123, 1, "1234567890123")]
    public void AppendInteger_ZeroPads(long value, int width, string expected) =>
        Assert.Equal(expected, Build(l => l.AppendInteger(value, width)));

    [Theory]
    [InlineData("DR SMITH, JONES & PARTNERS", "\"DR SMITH, JONES & PARTNERS\"")]
    [InlineData("SAY \"AH\"", "\"SAY \"\"AH\"\"\"")]
    [InlineData("PLAIN", "PLAIN")]
    public void AppendField_QuotesOnlyWhenNeeded(string value, string expected) =>
        Assert.Equal(expected, Build(l => l.AppendField(value)));

    [Fact]
    public void AppendPadded_PadsAndCuts()
    {
        Assert.Equal("ABC  |", Build(l => { l.AppendPadded("ABC", 5); l.Append('|'); }));
        Assert.Equal("ABCDE", Build(l => l.AppendPadded("ABCDEFG", 5)));
    }

    [Fact]
    public void Builder_GrowsBeyondItsInitialBuffer()
    {
        var text = new string('x', 5_000);
        Assert.Equal(text + "1", Build(l => { l.Append(text); l.AppendInteger(1); }));
    }
}
