using RxAtlas.Core;

namespace RxAtlas.Acquisition.Tests;

public sealed class FetchReportTests
{
    [Fact]
    public void MonthsToLoad_CountsMonthlySourcesOnly_NotAReferenceFilesPeriod()
    {
        static FetchOutcome Outcome(SourceKind source, string period, FetchStatus status) => new(source, period, "file", "f.csv", status, null);
        var report = new FetchReport(
            [
                Outcome(SourceKind.Epd, "2019-11", FetchStatus.New),
                Outcome(SourceKind.Bnf, "2019-12", FetchStatus.New), // 2019's historic BNF file, kept under December
                Outcome(SourceKind.Ods, "current", FetchStatus.Changed),
                Outcome(SourceKind.ListSize, "2019-10", FetchStatus.Changed),
                Outcome(SourceKind.Pdpi, "2019-09", FetchStatus.Unchanged),
            ],
            [],
            []);

        Assert.Equal([new YearMonth(2019, 10), new YearMonth(2019, 11)], report.MonthsToLoad);
    }
}
