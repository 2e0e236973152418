using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;

namespace RxAtlas.Pipeline.Tests.Prescribing;

public sealed class DirectoryAcquirerTests : IDisposable
{
    private static readonly YearMonth November = new(2019, 11);
    private readonly TempFolder _source = new();
    private readonly TempFolder _lakeFolder = new();
    private readonly List<string> _log = [];

    private Lake Lake => new(_lakeFolder.Path);

    public void Dispose()
    {
        _source.Dispose();
        _lakeFolder.Dispose();
    }

    private Task<AcquisitionResult> AcquireAsync() =>
        new DirectoryAcquirer(_source.Path).AcquireAsync(November, Lake, _log.Add, CancellationToken.None);

    [Fact]
    public async Task Acquire_CopiesTheMonthsFilesAndReferenceFilesIntoTheRawZone()
    {
        _source.Write("T201911PDPI BNFT.csv", "pdpi");
        _source.Write("nested/T201911ADDR BNFT.CSV", "addr");
        _source.Write("T201912PDPI BNFT.csv", "next month");
        _source.Write("20200201_1580570906919_BNF_Code_Information.csv", "bnf");
        _source.Write("epraccur.csv", "ods");
        _source.Write("notes.txt", "hello");
        _source.Write(".T201911PDPI BNFT.csv.part", "half a download");

        var result = await AcquireAsync();

        Assert.Equal(4, result.Copied);
        Assert.Equal("pdpi", File.ReadAllText(Path.Combine(Lake.RawFolder("pdpi", November), "T201911PDPI BNFT.csv")));
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder("pdpi", November), "T201911ADDR BNFT.CSV")));
        Assert.False(Directory.Exists(Lake.RawFolder("pdpi", November.Next())));
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder("bnf", new YearMonth(2020, 2)), "20200201_1580570906919_BNF_Code_Information.csv")));
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder("ods", "current"), "epraccur.csv")));
        Assert.Equal(2, result.PrescribingCopied);
        Assert.Equal(Lake.RawFolder("pdpi", November), Lake.PrescribingFolder(November));
        Assert.Contains(_log, l => l.StartsWith("Ignored notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Acquire_AWrongFileRemovedFromTheFolder_IsWithdrawnFromTheRawZoneButKept()
    {
        _source.Write("EPD_201911.csv", "a December file misnamed as November");
        _source.Write("T201911PDPI BNFT.csv", "pdpi");
        await AcquireAsync();
        Assert.Equal(Lake.RawFolder("epd", November), Lake.PrescribingFolder(November)); // EPD is preferred: the wrong file wins
        File.Delete(Path.Combine(_source.Path, "EPD_201911.csv"));

        var result = await AcquireAsync();

        Assert.Equal(Lake.RawFolder("pdpi", November), Lake.PrescribingFolder(November));
        var kept = Path.Combine(_lakeFolder.Path, "withdrawn", "epd", "2019-11", "EPD_201911.csv");
        Assert.Equal([kept], result.Withdrawn);
        Assert.Equal("a December file misnamed as November", File.ReadAllText(kept));
        Assert.Equal(1, result.PrescribingCopied); // the month's release changed: a loaded month is loaded again
        Assert.Contains(_log, l => l.StartsWith("Withdrew EPD_201911.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Acquire_AFolderWithoutTheMonthsPrescribing_WithdrawsNothing()
    {
        _source.Write("T201911PDPI BNFT.csv", "pdpi");
        await AcquireAsync();
        File.Delete(Path.Combine(_source.Path, "T201911PDPI BNFT.csv"));
        _source.Write("epraccur.csv", "ods");

        var result = await AcquireAsync();

        Assert.Empty(result.Withdrawn!);
        Assert.Equal(Lake.RawFolder("pdpi", November), Lake.PrescribingFolder(November));
    }

    [Fact]
    public async Task Acquire_Again_SkipsIdenticalFilesAndReplacesChangedOnes()
    {
        _source.Write("T201911PDPI BNFT.csv", "pdpi");
        _source.Write("T201911ADDR BNFT.csv", "addr");
        await AcquireAsync();

        var unchanged = await AcquireAsync();
        _source.Write("T201911ADDR BNFT.csv", "corrected addr");
        var changed = await AcquireAsync();

        Assert.Equal(0, unchanged.Copied);
        Assert.Equal(2, unchanged.Files.Count);
        Assert.Equal(1, changed.Copied);
        Assert.Equal("corrected addr", File.ReadAllText(Path.Combine(Lake.RawFolder("pdpi", November), "T201911ADDR BNFT.csv")));
        Assert.Empty(Directory.EnumerateFiles(Lake.RawFolder("pdpi", November), ".*"));
    }

    [Fact]
    public async Task Acquire_RecordsEachCopyInTheLakeLikeAFetchedFile()
    {
        var pdpi = _source.Write("T201911PDPI BNFT.csv", "pdpi");
        var ods = _source.Write("epraccur.csv", "ods");
        _source.Write("postcode_lookup.csv", "postcodes");

        await AcquireAsync();

        var entries = new RxAtlas.Acquisition.Lake(_lakeFolder.Path).Entries();
        var prescribing = Assert.Single(entries, e => e.Source == RxAtlas.Acquisition.SourceKind.Pdpi);
        Assert.Equal(("2019-11", "prescribing", "T201911PDPI BNFT.csv", pdpi, 4L), (prescribing.Period, prescribing.Slot, prescribing.FileName, prescribing.SourceUrl, prescribing.Size));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("pdpi"u8)), prescribing.Sha256);
        Assert.Null(prescribing.LastModified); // a local copy has no publication date: a fetch verifies it by checksum
        var practices = Assert.Single(entries, e => e.Source == RxAtlas.Acquisition.SourceKind.Ods);
        Assert.Equal(("current", "epraccur", ods), (practices.Period, practices.Slot, practices.SourceUrl));
        Assert.Equal(2, entries.Count); // postcode lookups are not a fetched source: copied, not recorded
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder("postcodes", "current"), "postcode_lookup.csv")));
    }

    [Fact]
    public async Task Acquire_ACopyMadeBeforeCopiesWereRecorded_IsRecordedNowAndCountsAsUnchanged()
    {
        _source.Write("T201911PDPI BNFT.csv", "pdpi");
        _lakeFolder.Write("raw/pdpi/2019-11/T201911PDPI BNFT.csv", "pdpi");

        var result = await AcquireAsync();
        var again = await AcquireAsync();

        Assert.Equal(0, result.Copied);
        Assert.Equal("T201911PDPI BNFT.csv", Assert.Single(new RxAtlas.Acquisition.Lake(_lakeFolder.Path).Entries()).FileName);
        Assert.Equal(0, again.Copied);
    }

    [Fact]
    public async Task Acquire_AFetchedFileOfTheSameSlotUnderAnotherName_IsReplacedByTheCopy()
    {
        var fetched = new RxAtlas.Acquisition.Lake(_lakeFolder.Path);
        var part = fetched.PartPathFor(RxAtlas.Acquisition.SourceKind.Ods, "current", "epraccur-2019.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllText(part, "fetched");
        fetched.Commit(part, new RxAtlas.Acquisition.LakeEntry(RxAtlas.Acquisition.SourceKind.Ods, "current", "epraccur", "epraccur-2019.csv",
            "https://www.odsdatasearchandexport.nhs.uk/api/getReport?report=epraccur", null, 7, "0", DateTimeOffset.UnixEpoch));
        _source.Write("epraccur.csv", "from the folder");

        await AcquireAsync();

        Assert.Equal(["epraccur.csv"], Directory.GetFiles(Lake.RawFolder("ods", "current")).Select(Path.GetFileName));
        Assert.Equal(["epraccur.csv"], Lake.ReferenceFiles("ods", November).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Acquire_TwoPrescribingFilesForOneSlot_RefusedNamingBothBeforeCopyingAnything()
    {
        _source.Write("a/T201911PDPI BNFT.csv", "one");
        var second = _source.Write("b/T201911PDPI+BNFT.CSV", "two");
        _source.Write("epraccur.csv", "ods");

        var error = await Assert.ThrowsAsync<DataFormatException>(AcquireAsync);

        Assert.StartsWith(second, error.Message, StringComparison.Ordinal);
        Assert.Contains("a second pdpi prescribing file for 2019-11; " + Path.Combine(_source.Path, "a", "T201911PDPI BNFT.csv"), error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_lakeFolder.Path, "raw")));
    }

    [Fact]
    public async Task Sources_ListsAFolderCopyAsInTheLake()
    {
        _source.Write("epraccur.csv", "ods");
        await AcquireAsync();
        using var http = new HttpClient();
        using var catalog = new RxAtlas.Acquisition.SourceCatalog(new RxAtlas.Acquisition.Lake(_lakeFolder.Path), http, new RxAtlas.Acquisition.AcquisitionOptions());

        var listing = await catalog.ListAsync(RxAtlas.Acquisition.SourceKinds.Parse("ods"), null); // ODS is listed without a request

        var row = Assert.Single(listing.Files);
        Assert.Equal("epraccur.csv", row.Lake?.FileName);
        Assert.NotEqual(RxAtlas.Acquisition.Availability.NotInLake, row.State);
    }

    [Fact]
    public void Create_FolderMissing_ThrowsAtOnceNamingIt()
    {
        var missing = Path.Combine(_source.Path, "no-such-folder");

        var error = Assert.Throws<DirectoryNotFoundException>(() => new DirectoryAcquirer(missing));

        Assert.Equal($"The source folder {missing} does not exist.", error.Message);
    }

    [Theory]
    [InlineData("T201911PDPI BNFT.csv", "pdpi", "2019-11")]
    [InlineData("T201304PDPI+BNFT.CSV", "pdpi", "2013-04")]
    [InlineData("T201008CHEM SUBS.CSV", "pdpi", "2010-08")]
    [InlineData("2019_03_MarV2.zip", "pdpi", "2019-03")]
    [InlineData("EPD_202401.csv", "epd", "2024-01")]
    [InlineData("EPD_SNOMED_202101.ZIP", "epd", "2021-01")]
    [InlineData("20200201_1580570906919_BNF_Code_Information.zip", "bnf", "2020-02")]
    [InlineData("BNF_CODE_CURRENT_201911_VERSION_88.csv", "bnf", "2019-11")]
    [InlineData("bnf_codes.csv", "bnf", null)]
    [InlineData("ONSPD_NOV_2019_UK.csv", "postcodes", "2019-11")]
    [InlineData("postcode_lookup.csv", "postcodes", null)]
    [InlineData("postcodes_io_bulk.json", "postcodes", null)]
    [InlineData("EPD_SNOMED_201911.csv.gz", "epd", "2019-11")]
    [InlineData("gridall.csv", "postcodes", null)]
    [InlineData("epraccur.csv", "ods", null)]
    public void Classify_PublishedAndSampleNames_GivesSourceAndMonth(string name, string source, string? month)
    {
        var found = SourceFileClassifier.Classify(name);

        Assert.NotNull(found);
        Assert.Equal(source, found.Value.Source);
        Assert.Equal(month, found.Value.Month?.ToString());
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("notes.txt")]
    public void Classify_UnknownNames_GivesNull(string name) => Assert.Null(SourceFileClassifier.Classify(name));

    [Fact]
    public void ReferenceFolder_PicksNewestNotAfterTheMonthElseOldest()
    {
        _lakeFolder.Write("raw/bnf/2019-01/a.csv", "x");
        _lakeFolder.Write("raw/bnf/2020-02/b.csv", "x");

        Assert.EndsWith("2019-01", Lake.ReferenceFolder("bnf", November));
        Assert.EndsWith("2020-02", Lake.ReferenceFolder("bnf", new YearMonth(2021, 5)));
        Assert.EndsWith("2019-01", Lake.ReferenceFolder("bnf", new YearMonth(2015, 5)));
        Assert.Null(Lake.ReferenceFolder("postcodes", November));
    }

    [Fact]
    public void ReferenceFolder_Bnf_ChoosesAsTheFetchDoes_TheYearsHistoricFileOverAnEarlierOne()
    {
        // NHSBSA's historic yearly BNF files sit under December: 2019's describes November 2019, not 2018's.
        _lakeFolder.Write("raw/bnf/2018-12/20181101_BNF_Code_Information.csv", "x");
        _lakeFolder.Write("raw/bnf/2019-12/20191101_BNF_Code_Information.csv", "x");
        _lakeFolder.Write("raw/ods/2018-12/epraccur.csv", "x");
        _lakeFolder.Write("raw/ods/2019-12/epraccur.csv", "x");

        Assert.EndsWith("2019-12", Lake.ReferenceFolder("bnf", November));
        Assert.Equal(new YearMonth(2019, 12), RxAtlas.Acquisition.BnfPeriods.Choose([new YearMonth(2018, 12), new YearMonth(2019, 12)], November));
        Assert.EndsWith("2018-12", Lake.ReferenceFolder("ods", November)); // other sources: newest not after the month
    }

    [Fact]
    public void ReferenceFolder_NoDatedReleaseYet_UsesCurrent()
    {
        _lakeFolder.Write("raw/ods/current/epraccur.csv", "x");
        _lakeFolder.Write("raw/bnf/2020-02/b.csv", "x");
        _lakeFolder.Write("raw/bnf/current/.b.csv.part", "x");

        Assert.EndsWith(Path.Combine("ods", "current"), Lake.ReferenceFolder("ods", November));
        Assert.EndsWith("2020-02", Lake.ReferenceFolder("bnf", November));
    }

    [Fact]
    public void PrescribingFolder_BothSourcesPresent_PrefersEpd()
    {
        _lakeFolder.Write("raw/pdpi/2019-11/T201911PDPI BNFT.csv", "x");
        _lakeFolder.Write("raw/epd/2019-11/EPD_201911.csv", "x");
        _lakeFolder.Write("raw/epd/2019-12/.EPD_201912.csv.part", "x");

        Assert.Equal(Lake.RawFolder("epd", November), Lake.PrescribingFolder(November));
        Assert.Null(Lake.PrescribingFolder(November.Next()));
    }
}

public sealed class DirectoryAcquirerListSizeTests : IDisposable
{
    private static readonly YearMonth November = new(2019, 11);
    private const string Header = "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\n";
    private readonly TempFolder _source = new();
    private readonly TempFolder _lakeFolder = new();

    private Lake Lake => new(_lakeFolder.Path);

    public void Dispose()
    {
        _source.Dispose();
        _lakeFolder.Dispose();
    }

    [Fact]
    public async Task Acquire_ListSizeFilesInMonthFolders_OnlyTheMonthsCopiedToItsListSizeFolder()
    {
        _source.Write("listsize/2019-11/gp-reg-pat-prac-all.csv", Header + "GP_PRAC_PAT_LIST,01-Nov-19,GP,00L,E38000001,A81001,TS18 1HU,ALL,ALL,10\n");
        _source.Write("listsize/2019-12/gp-reg-pat-prac-all.csv", Header + "GP_PRAC_PAT_LIST,01-Dec-19,GP,00L,E38000001,A81001,TS18 1HU,ALL,ALL,11\n");

        var result = await new DirectoryAcquirer(_source.Path).AcquireAsync(November, Lake, _ => { }, CancellationToken.None);

        Assert.Equal(1, result.Copied);
        Assert.Contains("01-Nov-19", File.ReadAllText(Path.Combine(Lake.RawFolder(LakeSources.ListSize, November), "gp-reg-pat-prac-all.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_ListSizeFileOutsideAMonthFolder_MonthFromExtractDate()
    {
        _source.Write("gp-reg-pat-prac-all.csv", Header + "GP_PRAC_PAT_LIST,01-Nov-19,GP,00L,E38000001,A81001,TS18 1HU,ALL,ALL,10\n");
        _source.Write("old/gp-reg-pat-prac-quin-age.csv", "ORG_TYPE,ORG_CODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS,EXTRACT_DATE\nGP,A81001,ALL,ALL,9,01OCT2019\n");

        var result = await new DirectoryAcquirer(_source.Path).AcquireAsync(November, Lake, _ => { }, CancellationToken.None);

        Assert.Equal(1, result.Copied);
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder(LakeSources.ListSize, November), "gp-reg-pat-prac-all.csv")));
    }

    [Fact]
    public async Task AcquireListSizes_CopiesTheMonthsListSizesAlone_NotItsPrescribingOrReferenceFiles()
    {
        _source.Write("2019-11/T201911PDPI BNFT.csv", "SHA,PCT,PRACTICE,BNF CODE,BNF NAME,ITEMS,NIC,ACT COST,QUANTITY,PERIOD\n");
        _source.Write("2019-11/epraccur.csv", "A81001,NAME\n");
        _source.Write("listsize/2019-11/gp-reg-pat-prac-all.csv", Header + "GP_PRAC_PAT_LIST,01-Nov-19,GP,00L,E38000001,A81001,TS18 1HU,ALL,ALL,10\n");

        var result = await new DirectoryAcquirer(_source.Path).AcquireListSizesAsync(November, Lake, _ => { }, CancellationToken.None);

        Assert.Equal(LakeSources.ListSize, Assert.Single(result.Files).Source);
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder(LakeSources.ListSize, November), "gp-reg-pat-prac-all.csv")));
        Assert.Null(Lake.PrescribingFolder(November));
    }
}
