using RxAtlas.Core;
using RxAtlas.SampleData.Generation;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed class OptionsTests(GeneratedData data)
{
    [Theory]
    [InlineData("2010-08", SampleFormat.PdpiPadded)]
    [InlineData("2018-11", SampleFormat.PdpiPadded)]
    [InlineData("2018-12", SampleFormat.PdpiClean)]
    [InlineData("2020-10", SampleFormat.PdpiClean)]
    [InlineData("2020-11", SampleFormat.EpdSnomed)]
    [InlineData("2025-02", SampleFormat.EpdSnomed)]
    [InlineData("2025-03", SampleFormat.EpdSnomed2025)]
    [InlineData("2026-07", SampleFormat.EpdSnomed2025)]
    public void AutoFormat_FollowsRealPublicationHistory(string month, SampleFormat expected) =>
        Assert.Equal(expected, GeneratorOptions.HistoricalFormat(YearMonth.Parse(month)));

    [Fact]
    public void ExplicitFormat_OverridesHistory()
    {
        var options = new GeneratorOptions("x", new YearMonth(2010, 1), new YearMonth(2010, 1)) { Format = SampleFormat.EpdSnomed2025 };
        Assert.Equal(SampleFormat.EpdSnomed2025, options.FormatFor(new YearMonth(2010, 1)));
    }

    [Fact]
    public void Generate_MonthRange_WritesEachMonthOnceWithTheRightFileNames()
    {
        var dataset = data.Generate("range", new YearMonth(2018, 11), new YearMonth(2019, 2), 1_000);
        Assert.Equal(["2018-11", "2018-12", "2019-01", "2019-02"], dataset.Months.Select(m => m.Month.ToString()));
        Assert.Equal(["T201811PDPI BNFT.csv", "T201812PDPI BNFT.csv", "T201901PDPI BNFT.csv", "T201902PDPI BNFT.csv"],
            dataset.Months.Select(m => Path.GetFileName(m.PrescribingFile)));
        Assert.All(dataset.Months, m => Assert.True(File.Exists(m.PrescribingFile)));
        Assert.All(dataset.Months, m => Assert.True(File.Exists(m.AddressFile)));
        Assert.Equal([SampleFormat.PdpiPadded, SampleFormat.PdpiClean, SampleFormat.PdpiClean, SampleFormat.PdpiClean], dataset.Months.Select(m => m.Format));
        Assert.All(dataset.Months, m => Assert.InRange(m.Totals.Rows, 700, 1_300)); // approximately the rows asked for
    }

    [Fact]
    public void EpdMonths_HaveNoAddressFile() =>
        Assert.All(data.Epd.Months, m => Assert.Null(m.AddressFile));

    [Theory]
    [InlineData(1, 20)]
    [InlineData(1_000, 20)]
    [InlineData(50_000, 1_000)]
    [InlineData(200_000, 4_000)]
    [InlineData(9_400_000, 9_000)]
    public void PracticeCount_ScalesWithRowsBetween20And9000(long rows, int practices) =>
        Assert.Equal(practices, PracticeRegistry.PracticeCountFor(rows));

    [Fact]
    public void Generate_ReportsPracticeCountAndPlacesPracticesAcrossEngland()
    {
        Assert.Equal(PracticeRegistry.PracticeCountFor(3_000), data.Pdpi.PracticeCount);
        var big = PracticeRegistry.Build(42, 2_000);
        Assert.True(big.Select(p => p.Home.Name).Distinct().Count() > 60, "practices spread over 60+ towns");
        Assert.Equal(7, big.Select(p => p.Home.Region.Code).Distinct().Count());
        Assert.All(big.Where(p => p.Kind == Model.PracticeKind.Regular), p => Assert.Matches(@"^[A-Z]\d{5}$|^Y0\d{4}$", p.Code));
        Assert.Equal(big.Count, big.Select(p => p.Code).Distinct().Count());
    }

    [Fact]
    public void Generate_RejectsAnInvertedRange() =>
        Assert.Throws<ArgumentException>(() => SampleGenerator.Generate(new GeneratorOptions(data.NewDirectory("bad"), new YearMonth(2020, 2), new YearMonth(2020, 1))));

    [Fact]
    public void Generate_HonoursCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SampleGenerator.Generate(
            new GeneratorOptions(data.NewDirectory("cancel"), new YearMonth(2020, 1), new YearMonth(2020, 1)), null, cts.Token));
    }

    [Fact]
    public void Generate_ReportsProgressEndingAtTheTotalRows()
    {
        var reports = new List<long>();
        var dataset = SampleGenerator.Generate(new GeneratorOptions(data.NewDirectory("progress"), new YearMonth(2020, 1), new YearMonth(2020, 2))
        {
            RowsPerMonth = 1_000,
        }, new SynchronousProgress(reports.Add));
        Assert.Equal(dataset.TotalRows, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

public sealed class OptionsConstructionTests
{
    [Fact]
    public void ObjectInitializer_AndConstructor_GiveEqualOptionsWithDefaults()
    {
        var viaInitializer = new GeneratorOptions { OutputDirectory = "out", From = new YearMonth(2019, 1), To = new YearMonth(2019, 3) };
        Assert.Equal(new GeneratorOptions("out", new YearMonth(2019, 1), new YearMonth(2019, 3)), viaInitializer);
        Assert.Equal(50_000, viaInitializer.RowsPerMonth);
        Assert.Equal(SampleFormat.Auto, viaInitializer.Format);
        Assert.Equal(SampleCompression.None, viaInitializer.Compression);
        Assert.Equal(BnfCodeFileLayout.Historic, viaInitializer.BnfLayout);
    }
}
