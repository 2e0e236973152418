using RxAtlas.Core;
using RxAtlas.Core.Coding;

namespace RxAtlas.Sources.Tests;

/// <summary><see cref="MonthRelease.ReadCoded"/> (parallel) completes the release exactly as <see cref="MonthRelease.ReadPrescribing"/> does.</summary>
public sealed class MonthReleaseReadCodedTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (CodedPrescribing Coded, SourceTotals Totals, List<PracticeRecord> Practices, List<BnfRecord> Bnf) Sequential(IMonthRelease month)
    {
        var coded = CodedPrescribing.FromRows(month.ReadPrescribing());
        return (coded, month.Totals, [.. month.Practices], [.. month.Bnf]);
    }

    [Fact]
    public void ReadCoded_PdpiWithAddressAndChemSubs_SameAsReadPrescribing()
    {
        _files.WriteZip("2010_08_Aug.zip",
            ("T201008PDPI BNFT.CSV", Fixtures.PdpiPadded),
            ("T201008ADDR BNFT.CSV", Fixtures.AddrPadded),
            ("T201008CHEM SUBS.CSV", "CHEM SUB ,NAME    ,201008,\n0101010C0,Aluminium hydroxide     ,\n"));
        var month = Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months);
        var expected = Sequential(month);

        var coded = month.ReadCoded();

        Assert.Equal(expected.Coded.PracticeCodes, coded.PracticeCodes);
        Assert.Equal(expected.Coded.BnfCodes, coded.BnfCodes);
        Assert.Equal(expected.Coded.Block(0).ToArray(), coded.Block(0).ToArray());
        Assert.Equal(expected.Totals, month.Totals);
        Assert.Equal(expected.Practices, month.Practices);
        Assert.Equal(expected.Bnf, month.Bnf);
        Assert.Equal("HIGH STREET SURGERY", Assert.Single(month.Practices, p => p.PracticeCode == "A86003").Name);
        Assert.Equal("Aluminium hydroxide", Assert.Single(month.Bnf, b => b.PresentationCode == "0101010C0AAAAAA").Chemical);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dataset_IsPdpiOrEpdFromTheHeader_AfterTheRead(bool parallel)
    {
        _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(10));
        _files.Write("EPD_202101.csv", PrescribingTexts.EpdQuoted(10));
        var months = ReleaseCatalog.Scan([_files.Root]).Months;
        Assert.Throws<InvalidOperationException>(() => months[0].Dataset);

        foreach (var month in months)
        {
            if (parallel) month.ReadCoded().Dispose();
            else _ = month.ReadPrescribing().Count();
        }

        Assert.Equal(["PDPI", "EPD"], months.Select(m => m.Dataset));
    }

    [Fact]
    public void ReadCoded_ThroughTheInterface_CompletesTheReleaseAndReportsProgress()
    {
        _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(700));
        IMonthRelease month = Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months);
        var expected = Sequential(month);
        var reported = new List<long>();

        var coded = month.ReadCoded(new ParallelPrescribingReaderTests.SyncProgress(reported.Add));

        Assert.Equal(700, coded.Count);
        Assert.Equal(700, reported[^1]);
        Assert.Equal(expected.Totals, month.Totals);
        Assert.Equal(expected.Practices, month.Practices);
    }

    [Fact]
    public void ReadCoded_MoreRowsThanRowsInMemory_SpillsTheSameRowsToAFile()
    {
        _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(CodedPrescribing.BlockRows + 50));
        var scanned = Assert.IsType<MonthRelease>(Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months));
        var month = new MonthRelease(scanned.Month, scanned.Prescribing) { RowsInMemory = 1_000 };
        using var expected = CodedPrescribing.FromRows(month.ReadPrescribing());

        using var coded = month.ReadCoded();

        Assert.True(coded.IsSpilled);
        Assert.False(expected.IsSpilled);
        Assert.Equal(expected.BnfCodes, coded.BnfCodes);
        Assert.Equal(expected.Scan().SelectMany(b => b.ToArray()), coded.Scan().SelectMany(b => b.ToArray()));
    }

    [Fact]
    public void ReadCoded_RowsOfAnotherMonthThanTheFileName_SameErrorAsReadPrescribing()
    {
        _files.Write("T201912PDPI BNFT.csv", PrescribingTexts.PdpiClean(10));
        var month = Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months);

        var expected = Assert.Throws<DataFormatException>(() => month.ReadPrescribing().Count());
        var actual = Assert.Throws<DataFormatException>(() => month.ReadCoded());

        Assert.Equal(expected.Message, actual.Message);
        Assert.Throws<InvalidOperationException>(() => month.Totals);
    }
}
