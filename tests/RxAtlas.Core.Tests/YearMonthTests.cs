using RxAtlas.Core;

namespace RxAtlas.Core.Tests;

public class YearMonthTests
{
    [Theory]
    [InlineData("2019-11", 2019, 11)]
    [InlineData("201911", 2019, 11)]
    [InlineData(" 2025_03 ", 2025, 3)]
    public void Parse_AcceptsEverySpellingTheSourcesUse(string text, int year, int month)
    {
        var m = YearMonth.Parse(text);
        Assert.Equal(new YearMonth(year, month), m);
        Assert.Equal(year * 100 + month, m.Key);
    }

    [Theory]
    [InlineData("2019-13")]
    [InlineData("19-11")]
    [InlineData("2019-1x")]
    [InlineData("")]
    public void Parse_RejectsNonMonths(string text) =>
        Assert.False(YearMonth.TryParse(text, null, out _));

    [Fact]
    public void Range_IsInclusiveAndCrossesYears()
    {
        var months = YearMonth.Range(new YearMonth(2019, 11), new YearMonth(2020, 2)).Select(m => m.ToString()).ToArray();
        Assert.Equal(["2019-11", "2019-12", "2020-01", "2020-02"], months);
    }
}
