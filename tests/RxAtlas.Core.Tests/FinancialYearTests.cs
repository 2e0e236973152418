using RxAtlas.Core;

namespace RxAtlas.Core.Tests;

public class FinancialYearTests
{
    [Theory]
    [InlineData("2019/20", 2019)]
    [InlineData("1999/00", 1999)]
    [InlineData("1900/01", 1900)]
    [InlineData("2998/99", 2998)]
    public void TryParse_YYYYSlashYY_AprilToMarch(string text, int startYear)
    {
        Assert.True(FinancialYear.TryParse(text, out var year));

        Assert.Equal(startYear, year.StartYear);
        Assert.Equal(new YearMonth(startYear, 4), year.First);
        Assert.Equal(new YearMonth(startYear + 1, 3), year.Last);
        Assert.Equal(text, year.ToString());
    }

    [Theory]
    [InlineData("2019/21")]
    [InlineData("2019/19")]
    [InlineData("2019/2020")]
    [InlineData("2019-20")]
    [InlineData("19/20")]
    [InlineData("2019/2x")]
    [InlineData(" 2019/20")]
    [InlineData("1899/00")]
    [InlineData("2999/00")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_AnythingElse_Refused(string? text) => Assert.False(FinancialYear.TryParse(text, out _));

    [Theory]
    [InlineData(2020, 1, "2019/20")]
    [InlineData(2020, 3, "2019/20")]
    [InlineData(2020, 4, "2020/21")]
    [InlineData(2020, 12, "2020/21")]
    public void Of_JanuaryToMarchBelongToTheYearThatBeganTheAprilBefore(int year, int month, string expected) =>
        Assert.Equal(expected, FinancialYear.Of(new YearMonth(year, month)).ToString());
}
