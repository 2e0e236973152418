using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class ReleaseCatalogTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Scan_Folder_GroupsMonthsOldestFirstWithTheirAddressFiles()
    {
        _files.Write("plp/2019/T201911PDPI BNFT.csv", Fixtures.PdpiClean);
        _files.Write("plp/2019/T201911ADDR BNFT.csv", Fixtures.AddrClean);
        _files.Write("plp/2010/T201008PDPI BNFT.CSV", Fixtures.PdpiPadded, crlf: true);
        _files.Write("plp/2010/T201008ADDR BNFT.CSV", Fixtures.AddrPadded, crlf: true);
        _files.WriteGz("epd/EPD_201401.csv.gz", Fixtures.EpdRetired);
        _files.Write("epd/prescribing-march.csv", Fixtures.EpdSnomed2025);
        _files.Write("notes.txt", "not data");

        var set = ReleaseCatalog.Scan([_files.Root]);

        Assert.Equal([201008, 201401, 201911, 202503], set.Months.Select(m => m.Month.Key));
        Assert.Contains("T201008ADDR BNFT.CSV", set.Months[0].Description, StringComparison.Ordinal);
        Assert.Empty(set.ReferenceFiles);
    }

    [Fact]
    public void MonthRelease_AfterReading_TotalsAndPracticesMergedFromAddressFile()
    {
        _files.Write("T201008PDPI BNFT.CSV", Fixtures.PdpiPadded);
        _files.Write("T201008ADDR BNFT.CSV", Fixtures.AddrPadded);
        var month = Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months);

        Assert.Throws<InvalidOperationException>(() => month.Totals);
        var rows = month.ReadPrescribing().ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(new SourceTotals(3, 34, 18_564_000, 8_744, 8_101_000), month.Totals);
        var practice = Assert.Single(month.Practices, p => p.PracticeCode == "A86003");
        Assert.Equal(("HIGH STREET SURGERY", "M35 0AA"), (practice.Name, practice.Postcode));
        Assert.Single(month.Practices, p => p.IsUnidentified);
        Assert.Equal(3, month.Bnf.Count);
        Assert.Empty(month.Postcodes);
    }

    [Fact]
    public void MonthRelease_BadAddressFile_FailsBeforeAnyRowIsYielded()
    {
        _files.Write("T201008PDPI BNFT.CSV", Fixtures.PdpiPadded);
        _files.Write("T201008ADDR BNFT.CSV", Fixtures.AddrPadded.Replace("201008,A86998", "201009,A86998", StringComparison.Ordinal));
        var month = Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months);

        using var rows = month.ReadPrescribing().GetEnumerator();
        var e = Assert.Throws<DataFormatException>(() => rows.MoveNext());
        Assert.Equal((2L, "PERIOD"), (e.Line, e.Field));
    }

    [Fact]
    public void MonthRelease_WithChemSubs_PdpiBnfGetsChemicalNames()
    {
        _files.WriteZip("2010_08_Aug.zip",
            ("T201008PDPI BNFT.CSV", Fixtures.PdpiPadded),
            ("T201008CHEM SUBS.CSV", "CHEM SUB ,NAME    ,201008,\n0101010C0,Aluminium hydroxide     ,\n"));
        var month = Assert.Single(ReleaseCatalog.Scan([_files.Root]).Months);
        _ = month.ReadPrescribing().Count();

        var aluminium = Assert.Single(month.Bnf, b => b.PresentationCode == "0101010C0AAAAAA");
        Assert.Equal(("0101010C0", "Aluminium hydroxide"), (aluminium.ChemicalCode, aluminium.Chemical));
    }

    [Fact]
    public void Scan_EpdWithoutNameMonth_MonthTakenFromFirstRow()
    {
        var month = Assert.Single(ReleaseCatalog.Scan([_files.Write("download.csv", Fixtures.EpdSnomed)]).Months);
        Assert.Equal(new YearMonth(2021, 1), month.Month);
        Assert.Single(month.ReadPrescribing());
        Assert.Equal("GROUP PRACTICE", Assert.Single(month.Practices).Name);
    }

    [Fact]
    public void Scan_TwoPrescribingFilesForOneMonth_ThatMonthFailsWhenReadAndTheOthersStand()
    {
        _files.Write("EPD_201401.csv", Fixtures.EpdRetired);
        _files.Write("copy/other-name.csv", Fixtures.EpdRetired);
        _files.Write("T201911PDPI BNFT.csv", Fixtures.PdpiClean);

        var months = ReleaseCatalog.Scan([_files.Root]).Months;

        Assert.Equal([new YearMonth(2014, 1), new YearMonth(2019, 11)], months.Select(m => m.Month));
        var e = Assert.Throws<DataFormatException>(() => months[0].ReadPrescribing());
        Assert.Contains("second prescribing file for 2014-01", e.Problem, StringComparison.Ordinal);
        Assert.NotEmpty(months[1].ReadPrescribing());
    }

    [Fact]
    public void Scan_TruncatedZipDatedByItsName_ThatMonthFailsNamingTheFile()
    {
        var zip = _files.WriteZip("EPD_201401.zip", ("EPD_201401.csv", Fixtures.EpdRetired));
        File.WriteAllBytes(zip, File.ReadAllBytes(zip)[..^30]);
        _files.Write("T201911PDPI BNFT.csv", Fixtures.PdpiClean);

        var months = ReleaseCatalog.Scan([_files.Root]).Months;

        Assert.Equal(2, months.Count);
        var e = Assert.Throws<DataFormatException>(() => months[0].ReadPrescribing());
        Assert.Equal(zip, e.File);
        Assert.Contains("not a readable zip archive", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TruncatedZipWithoutAMonthInItsName_DataFormatExceptionNamingIt()
    {
        var zip = _files.WriteZip("download.zip", ("EPD_201401.csv", Fixtures.EpdRetired));
        File.WriteAllBytes(zip, File.ReadAllBytes(zip)[..^30]);

        var e = Assert.Throws<DataFormatException>(() => ReleaseCatalog.Scan([zip]));

        Assert.Equal(zip, e.File);
        Assert.Contains("not a readable zip archive", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_AddressFileWithoutItsMonthsPrescribing_IsListedAsIgnored()
    {
        _files.Write("T201911PDPI BNFT.csv", Fixtures.PdpiClean);
        _files.Write("T201911ADDR BNFT.csv", Fixtures.AddrClean);
        var lonely = _files.Write("T201912ADDR BNFT.csv", Fixtures.AddrClean.Replace("201911", "201912", StringComparison.Ordinal));

        var set = ReleaseCatalog.Scan([_files.Root]);

        Assert.Equal(new YearMonth(2019, 11), Assert.Single(set.Months).Month);
        Assert.Equal($"{lonely}: no prescribing file for 2019-12 to go with it (a month's addresses load with its prescribing)", Assert.Single(set.Ignored));
    }

    [Fact]
    public void Scan_SameFileReachedTwice_CountsOnce()
    {
        var path = _files.Write("EPD_201401.csv", Fixtures.EpdRetired);
        Assert.Single(ReleaseCatalog.Scan([_files.Root, path]).Months);
    }

    [Fact]
    public void Scan_UnrecognisedCsv_Throws()
    {
        _files.Write("EPD_201401.csv", Fixtures.EpdRetired);
        var odd = _files.Write("odd.csv", "x,y\n1,2\n");
        var e = Assert.Throws<DataFormatException>(() => ReleaseCatalog.Scan([_files.Root]));
        Assert.Equal(odd, e.File);
    }

    [Fact]
    public void ReadReference_ReadsBnfPostcodesAndEpraccur()
    {
        _files.Write("ref/BNF_CODE_CURRENT_202503_VERSION_88.csv", Fixtures.BnfNew);
        _files.Write("ref/20200201_BNF_Code_Information.csv", Fixtures.BnfOld);
        _files.Write("ref/epraccur.csv", Fixtures.Epraccur);
        _files.Write("ref/lookup.csv", "postcode,county,region,longitude,latitude\nCH41 1AA,Merseyside,North West,-3.02,53.39\n");
        _files.Write("ref/postcodes.json", """{"status":200,"result":[{"query":"TS58SB","result":{"postcode":"TS5 8SB","longitude":-1.25,"latitude":54.55}}]}""");
        _files.Write("ref/manifest.json", """{"files":[]}""");

        var set = ReleaseCatalog.Scan([Path.Combine(_files.Root, "ref")]);
        Assert.Empty(set.Months);
        Assert.Equal(5, set.ReferenceFiles.Count);

        var reference = set.ReadReference();
        Assert.Equal(4, reference.Bnf.Count);
        Assert.Equal(["A81043", "Y06381"], reference.Practices.Select(p => p.PracticeCode).Order());
        Assert.Equal(["CH41 1AA", "TS5 8SB"], reference.Postcodes.Select(p => p.Postcode).Order());
    }
}
