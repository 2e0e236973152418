using System.Text;
using RxAtlas.Acquisition.Tests.Fakes;
using RxAtlas.Core;
using ListSizeReader = RxAtlas.Sources.ListSizeReader;

namespace RxAtlas.Acquisition.Tests;

public sealed class SourceCatalogTests : IAsyncLifetime
{
    private const string Retired = "english-prescribing-data-epd";
    private const string Snomed = "english-prescribing-dataset-epd-with-snomed-code";
    private static readonly IReadOnlySet<SourceKind> EpdOnly = new HashSet<SourceKind> { SourceKind.Epd };

    private FakeUpstream _server = null!;
    private readonly TempFolder _temp = new();
    private readonly HttpClient _http = SourceCatalog.CreateHttpClient();
    private SourceCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeUpstream.StartAsync();
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        options.Sources.Nhsbsa.PreferZip = false;
        _catalog = new SourceCatalog(Lake.FromOptions(options), _http, options);
    }

    public async Task DisposeAsync()
    {
        _catalog.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private SourceCatalog CatalogPreferringZip()
    {
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        return new SourceCatalog(Lake.FromOptions(options), _http, options);
    }

    [Fact]
    public async Task ListEpd_MonthsInBothDatasets_NewestResourcePerMonthAndSnomedPreferred()
    {
        _server.MapPackage(Retired,
            Ckan.Resource("r-201401", "EPD_201401", _server.Url("dl/epd_201401.csv")),
            Ckan.Resource("r-202101-old", "EPD_202101", _server.Url("dl/epd_202101.csv")),
            Ckan.Resource("not-a-month", "EPD data dictionary", _server.Url("dl/dictionary.pdf")));
        _server.MapPackage(Snomed,
            Ckan.Resource("s-202101-a", "EPD_SNOMED_202101", _server.Url("dl/a.csv"), created: "2021-03-10T00:00:00", lastModified: null),
            Ckan.Resource("s-202101-b", "EPD_SNOMED_202101", _server.Url("dl/b.csv"), created: "2021-03-01T00:00:00", lastModified: "2021-05-01T00:00:00"),
            Ckan.Resource("s-202102", "EPD_SNOMED_202102", _server.Url("dl/c.csv")));

        var files = await _catalog.Upstream(SourceKind.Epd).ListAsync(null, CancellationToken.None);

        Assert.Equal(["2014-01", "2021-01", "2021-02"], files.Select(f => f.Period));
        Assert.Equal(["r-201401", "s-202101-b", "s-202102"], files.Select(f => f.UpstreamId));
        Assert.Equal(new DateTimeOffset(2021, 5, 1, 0, 0, 0, TimeSpan.Zero), files[1].LastModified);
        Assert.Equal("epd_201401.csv", files[0].FileName);
    }

    [Fact]
    public async Task FetchEpd_NewMonth_StoredUnchangedUnderRawEpdMonthWithManifest()
    {
        var content = TestData.Csv(300);
        _server.MapFile("/dl/epd_201401.csv", content);
        _server.MapPackage(Retired, Ckan.Resource("r-201401", "EPD_201401", _server.Url("dl/epd_201401.csv"), size: content.Length, lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);

        var report = await _catalog.FetchAsync(new YearMonth(2014, 1), EpdOnly);

        var outcome = Assert.Single(report.Files);
        Assert.Equal(FetchStatus.New, outcome.Status);
        var path = Path.Combine(_temp.File("lake"), "raw", "epd", "2014-01", "epd_201401.csv");
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        var entry = Assert.Single(_catalog.Lake.Entries(SourceKind.Epd));
        Assert.Equal(TestData.Sha256(content), entry.Sha256);
        Assert.Equal(content.Length, entry.Size);
        Assert.Equal(_server.Url("dl/epd_201401.csv").AbsoluteUri, entry.SourceUrl);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.LastModified);
        Assert.Equal([new YearMonth(2014, 1)], report.MonthsToLoad);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, ".*"));
    }

    [Fact]
    public async Task FetchEpd_SameMonthAgain_UnchangedWithoutDownloading()
    {
        var file = _server.MapFile("/dl/epd_201401.csv", TestData.Csv(50));
        _server.MapPackage(Retired, Ckan.Resource("r-201401", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 1), EpdOnly);

        var again = await _catalog.FetchAsync(new YearMonth(2014, 1), EpdOnly);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(again.Files).Status);
        Assert.Equal(1, file.GetCount);
        Assert.Empty(again.MonthsToLoad);
    }

    [Fact]
    public async Task FetchEpd_MonthRepublishedWithNewerLastModified_FetchedAgainAndReportedChanged()
    {
        var file = _server.MapFile("/dl/epd_202101.csv", TestData.Csv(50, seed: 1));
        _server.MapPackage(Retired);
        _server.MapPackage(Snomed, Ckan.Resource("s1", "EPD_SNOMED_202101", _server.Url("dl/epd_202101.csv"), lastModified: "2021-03-01T00:00:00"));
        await _catalog.FetchAsync(new YearMonth(2021, 1), EpdOnly);

        var republished = TestData.Csv(60, seed: 2);
        file.Content = republished;
        _server.MapPackage(Snomed, Ckan.Resource("s1", "EPD_SNOMED_202101", _server.Url("dl/epd_202101.csv"), lastModified: "2021-06-01T00:00:00"));
        var listing = await _catalog.ListAsync(EpdOnly, null);
        var report = await _catalog.FetchAsync(new YearMonth(2021, 1), EpdOnly);

        Assert.Equal(Availability.UpstreamNewer, Assert.Single(listing.Files).State);
        Assert.Equal(FetchStatus.Changed, Assert.Single(report.Files).Status);
        Assert.Equal([new YearMonth(2021, 1)], report.MonthsToLoad);
        var entry = Assert.Single(_catalog.Lake.Entries(SourceKind.Epd));
        Assert.Equal(TestData.Sha256(republished), entry.Sha256);
        Assert.Equal(republished, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(entry)));
    }

    [Fact]
    public async Task FetchEpd_CrashWhileCommittingARepublish_NextFetchFinishesTheCommitAndSaysSo()
    {
        var file = _server.MapFile("/dl/epd_202102.csv", TestData.Csv(50, seed: 1));
        _server.MapPackage(Retired);
        _server.MapPackage(Snomed, Ckan.Resource("s1", "EPD_SNOMED_202102", _server.Url("dl/epd_202102.csv"), lastModified: "2021-04-01T00:00:00"));
        await _catalog.FetchAsync(new YearMonth(2021, 2), EpdOnly);
        var republished = TestData.Csv(60, seed: 2);
        file.Content = republished;
        _server.MapPackage(Snomed, Ckan.Resource("s1", "EPD_SNOMED_202102", _server.Url("dl/epd_202102.csv"), lastModified: "2021-06-01T00:00:00"));
        _catalog.Lake.AfterCommitStep = step =>
        {
            if (step == CommitStep.FileMoved) throw new IOException("simulated crash after the file was moved in");
        };
        var crashed = await _catalog.FetchAsync(new YearMonth(2021, 2), EpdOnly);
        var log = new List<string>();
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        options.Sources.Nhsbsa.PreferZip = false;
        using var next = new SourceCatalog(Lake.FromOptions(options), _http, options, log.Add);

        var report = await next.FetchAsync(new YearMonth(2021, 2), EpdOnly);

        Assert.Equal(FetchStatus.Failed, Assert.Single(crashed.Files).Status);
        Assert.Contains(log, l => l.Contains("interrupted commit was finished", StringComparison.Ordinal));
        Assert.Equal(FetchStatus.Unchanged, Assert.Single(report.Files).Status);
        var entry = Assert.Single(next.Lake.Entries());
        Assert.Equal(TestData.Sha256(republished), entry.Sha256);
        Assert.Equal(republished, await File.ReadAllBytesAsync(next.Lake.PathFor(entry)));
        Assert.Equal(2, file.GetCount);
    }

    [Fact]
    public async Task FetchEpd_PreferZip_AsksResourceShowRightBeforeDownloadingTheZip()
    {
        var zip = TestData.Zip("EPD_SNOMED_202401.csv", TestData.Csv(100));
        _server.MapFile("/r2/EPD_SNOMED_202401.ZIP", zip);
        _server.MapPackage(Retired);
        _server.MapPackage(Snomed, Ckan.Resource("s-2401", "EPD_SNOMED_202401", _server.Url("dl/epd_snomed_202401.csv"), size: 123_456_789, lastModified: "2024-03-01T00:00:00"));
        _server.MapJson($"{Ckan.ResourceShow}?id=s-2401", Ckan.Envelope(Ckan.Resource("s-2401", "EPD_SNOMED_202401", _server.Url("dl/epd_snomed_202401.csv"),
            zipUrl: _server.Url("r2/EPD_SNOMED_202401.ZIP?X-Amz-Signature=abc").AbsoluteUri)));
        using var catalog = CatalogPreferringZip();

        var report = await catalog.FetchAsync(new YearMonth(2024, 1), EpdOnly);

        var outcome = Assert.Single(report.Files);
        Assert.Equal(FetchStatus.New, outcome.Status);
        Assert.Equal("EPD_SNOMED_202401.ZIP", outcome.FileName);
        var paths = _server.Requests.Select(r => r.Path).ToList();
        Assert.True(paths.IndexOf(Ckan.ResourceShow) < paths.IndexOf("/r2/EPD_SNOMED_202401.ZIP"));
        Assert.DoesNotContain("/dl/epd_snomed_202401.csv", paths);
        Assert.Equal(zip, await File.ReadAllBytesAsync(Path.Combine(_temp.File("lake"), "raw", "epd", "2024-01", "EPD_SNOMED_202401.ZIP")));
    }

    [Fact]
    public async Task FetchEpd_TruncatedZip_FailedWithClearErrorAndNothingInLake()
    {
        var zip = TestData.Zip("EPD_SNOMED_202402.csv", TestData.Csv(400));
        _server.MapFile("/r2/EPD_SNOMED_202402.ZIP", zip[..(zip.Length * 2 / 3)]);
        _server.MapPackage(Retired);
        _server.MapPackage(Snomed, Ckan.Resource("s-2402", "EPD_SNOMED_202402", _server.Url("dl/x.csv")));
        _server.MapJson($"{Ckan.ResourceShow}?id=s-2402", Ckan.Envelope(Ckan.Resource("s-2402", "EPD_SNOMED_202402", _server.Url("dl/x.csv"),
            zipUrl: _server.Url("r2/EPD_SNOMED_202402.ZIP").AbsoluteUri)));
        using var catalog = CatalogPreferringZip();

        var report = await catalog.FetchAsync(new YearMonth(2024, 2), EpdOnly);

        var outcome = Assert.Single(report.Failed);
        Assert.Contains("truncated or corrupt", outcome.Error, StringComparison.Ordinal);
        Assert.False(report.Succeeded);
        Assert.Empty(catalog.Lake.Entries());
        var folder = Path.Combine(_temp.File("lake"), "raw", "epd", "2024-02");
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0);
    }

    [Fact]
    public async Task ListEpd_CkanSaysNoSuccess_ReportedAsNoteNotSilence()
    {
        _server.MapJson($"{Ckan.PackageShow}?id={Snomed}", new { success = false, error = new { message = "Not found" } });

        var listing = await _catalog.ListAsync(EpdOnly, null);

        Assert.Empty(listing.Files);
        Assert.Contains(listing.Notes, n => n.StartsWith("epd: listing failed", StringComparison.Ordinal));
        Assert.Equal([SourceKind.Epd], listing.Unlisted);
    }

    [Fact]
    public async Task ListBnf_CurrentMonthsPreferFinalAndEarlierMonthsUseTheYearsHistoricFile()
    {
        _server.MapPackage("bnf-code-information-current-year",
            Ckan.Resource("v87", "BNF_CODE_CURRENT_202508_VERSION_87", _server.Url("dl/bnf87.csv")),
            Ckan.Resource("v88f", "BNF_CODE_CURRENT_202508_VERSION_88_FINAL", _server.Url("dl/bnf88f.csv")),
            Ckan.Resource("v88", "BNF_CODE_CURRENT_202508_VERSION_88", _server.Url("dl/bnf88.csv")));
        _server.MapPackage("bnf-code-information-historic",
            Ckan.Resource("h2019a", "BNF Code Information - Historic 2019 Version 76", _server.Url("dl/h2019a.csv")),
            Ckan.Resource("h2019b", "BNF Code Information - Historic 2019 Version 77", _server.Url("dl/h2019b.csv")));

        var files = await _catalog.Upstream(SourceKind.Bnf).ListAsync(new MonthRange(new YearMonth(2019, 3), new YearMonth(2019, 4)), CancellationToken.None);
        var current = await _catalog.Upstream(SourceKind.Bnf).ListAsync(MonthRange.Single(new YearMonth(2025, 8)), CancellationToken.None);

        var historic = Assert.Single(files);
        Assert.Equal(("2019-12", "h2019b"), (historic.Period, historic.UpstreamId));
        Assert.Equal("v88f", Assert.Single(current).UpstreamId);
    }

    [Fact]
    public async Task FetchPdpi_PublicationPageLinks_ScrapedWithSpacesPlusesAndUpperCaseExtensions()
    {
        var pdpi = TestData.Csv(20);
        var addr = Encoding.ASCII.GetBytes("201008,A81001,THE DENSHAM SURGERY,THE HEALTH CENTRE,LAWSON STREET,STOCKTON,CLEVELAND,TS18 1HU\n");
        _server.MapFile("/B9/14BEAF/T201008PDPI BNFT.CSV", pdpi);
        _server.MapFile("/7D/F8A6AF/T201008ADDR+BNFT.CSV", addr);
        _server.MapText("/data-and-information/publications/statistical/practice-level-prescribing-data/august-2010", $"""
            <html><body><h1>Practice Level Prescribing - August 2010</h1>
            <a href="{_server.Url("B9/14BEAF/T201008PDPI%20BNFT.CSV")}">Practice Level Prescribing Data</a>
            <a class="nhsd-a-box-link" href='/7D/F8A6AF/T201008ADDR+BNFT.CSV'>Practice addresses</a>
            <a href="{_server.Url("AA/BBBBBB/T201009PDPI%20BNFT.CSV")}">next month, wrong file</a>
            <a href="https://digital.nhs.uk/about">About</a></body></html>
            """);

        var report = await _catalog.FetchAsync(new YearMonth(2010, 8), new HashSet<SourceKind> { SourceKind.Pdpi });

        Assert.Equal(["addresses", "prescribing"], report.Files.Select(f => f.Slot).Order());
        Assert.All(report.Files, f => Assert.Equal(FetchStatus.New, f.Status));
        var folder = Path.Combine(_temp.File("lake"), "raw", "pdpi", "2010-08");
        Assert.Equal(pdpi, await File.ReadAllBytesAsync(Path.Combine(folder, "T201008PDPI BNFT.CSV")));
        Assert.Equal(addr, await File.ReadAllBytesAsync(Path.Combine(folder, "T201008ADDR+BNFT.CSV")));
    }

    [Fact]
    public void PdpiPage_OnlyMonthlyZip_TakesTheZip()
    {
        var page = new Uri("https://digital.nhs.uk/data-and-information/publications/statistical/practice-level-prescribing-data/march-2019");
        const string html = """<a href="https://files.digital.nhs.uk/5C/ABC123/2019_03_MarV2.zip">zip</a><a href="https://files.digital.nhs.uk/1/2/2019_04_APR.zip">other</a>""";

        var file = Assert.Single(PdpiUpstream.FilesOnPage(new YearMonth(2019, 3), html, page));

        Assert.Equal(("monthly-zip", "2019_03_MarV2.zip"), (file.Slot, file.FileName));
    }

    [Fact]
    public async Task FetchAll_PdpiOnlyForMonthsBeforeEpd()
    {
        _server.MapPackage(Retired, Ckan.Resource("r-201401", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        _server.MapFile("/dl/epd_201401.csv", TestData.Csv(5));

        var report = await _catalog.FetchAsync(new MonthRange(new YearMonth(2013, 12), new YearMonth(2014, 1)), new HashSet<SourceKind> { SourceKind.Epd, SourceKind.Pdpi });

        var pages = _server.Requests.Where(r => r.Path.Contains("practice-level-prescribing-data", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        Assert.Equal(["/data-and-information/publications/statistical/practice-level-prescribing-data/december-2013"], pages);
        Assert.Equal([new MissingMonth(SourceKind.Pdpi, new YearMonth(2013, 12))], report.NotPublished);
    }

    [Fact]
    public async Task FetchListSize_PracticeTotalsFileScrapedAndStored()
    {
        var csv = Encoding.ASCII.GetBytes("PUBLICATION,EXTRACT_DATE,TYPE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\nGP_PRAC_PAT_LIST,01Jan2024,GP,A81001,TS18 1HU,ALL,ALL,4123\n");
        _server.MapFile("/11/22AA33/gp-reg-pat-prac-all.csv", csv);
        _server.MapText("/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/january-2024", $"""
            <a href="{_server.Url("11/22AA33/gp-reg-pat-prac-sing-age-male.csv")}">male</a>
            <a href="{_server.Url("11/22AA33/gp-reg-pat-prac-all.csv")}">All</a>
            """);

        var report = await _catalog.FetchAsync(new YearMonth(2024, 1), new HashSet<SourceKind> { SourceKind.ListSize });

        var entry = Assert.Single(report.New).Entry!;
        Assert.Equal(("listsize", "2024-01", "gp-reg-pat-prac-all.csv"), (entry.Source.Folder(), entry.Period, entry.FileName));
        var sizes = ListSizeReader.Read(_catalog.Lake.PathFor(entry), new YearMonth(2024, 1));
        Assert.Equal(new PracticeListSize("A81001", new YearMonth(2024, 1), 4123), Assert.Single(sizes));
    }

    private const string JanuaryListSizePage = "/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/january-2024";

    private static readonly byte[] PracticeMapCsv = Encoding.ASCII.GetBytes(
        "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,"
        + "SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME\n"
        + "GP_PRAC_PAT_LIST,01JAN2024,A81001,THE DENSHAM SURGERY,TS18 1HU,U61296,STOCKTON PCN,E38000247,16C,NHS NORTH EAST AND NORTH CUMBRIA ICB - 16C,"
        + "E54000050,QHM,NHS NORTH EAST AND NORTH CUMBRIA INTEGRATED CARE BOARD,E40000012,Y63,NORTH EAST AND YORKSHIRE,EMIS\n");

    /// <summary>NHS Digital's January 2024 list-size page as published: the sex files, the practice totals and
    /// (unless it is an older publication) the practice map (its links are to files.digital.nhs.uk-style random folders).</summary>
    private void PublishJanuaryListSizes(bool withMap)
    {
        _server.MapFile("/11/22AA33/gp-reg-pat-prac-all.csv", Encoding.ASCII.GetBytes("CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,4123\n"),
            new DateTimeOffset(2024, 2, 8, 9, 30, 0, TimeSpan.Zero));
        _server.MapText(JanuaryListSizePage, $"""
            <a href="{_server.Url("11/22AA33/gp-reg-pat-prac-sing-age-male.csv")}">male</a>
            <a href="{_server.Url("11/22AA33/gp-reg-pat-prac-all.csv")}">All</a>
            {(withMap ? $"<a href=\"{_server.Url("44/55BB66/gp-reg-pat-prac-map.csv")}\">Mapping</a>" : "")}
            """);
    }

    [Fact]
    public async Task FetchListSize_PublicationLinksThePracticeMap_StoredInItsSlotThenAskedIfModifiedThenWithdrawnWhenUnlinked()
    {
        var map = _server.MapFile("/44/55BB66/gp-reg-pat-prac-map.csv", PracticeMapCsv, new DateTimeOffset(2024, 2, 8, 9, 30, 0, TimeSpan.Zero));
        PublishJanuaryListSizes(withMap: true);
        var listSize = new HashSet<SourceKind> { SourceKind.ListSize };
        var january = new YearMonth(2024, 1);

        var report = await _catalog.FetchAsync(january, listSize);
        var again = await _catalog.FetchAsync(january, listSize);
        PublishJanuaryListSizes(withMap: false); // the publisher takes the map down
        var unlinked = await _catalog.FetchAsync(january, listSize);
        var listing = await _catalog.ListAsync(listSize, MonthRange.Single(january));

        Assert.True(report.Succeeded, string.Join("; ", report.Notes));
        Assert.Equal([(ListSizeUpstream.Slot, FetchStatus.New), (ListSizeUpstream.PracticeMapSlot, FetchStatus.New)],
            report.Files.Select(f => (f.Slot, f.Status)).Order());
        var entry = report.Files.Single(f => f.Slot == ListSizeUpstream.PracticeMapSlot).Entry!;
        Assert.Equal(("listsize", "2024-01", "gp-reg-pat-prac-map.csv"), (entry.Source.Folder(), entry.Period, entry.FileName));
        Assert.Equal(Path.Combine(_catalog.Lake.RawRoot, "listsize", "2024-01", "gp-reg-pat-prac-map.csv"), _catalog.Lake.PathFor(entry));
        Assert.Equal(PracticeMapCsv, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(entry)));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PracticeMapCsv)), entry.Sha256);
        Assert.Equal(_server.Url("44/55BB66/gp-reg-pat-prac-map.csv").AbsoluteUri, entry.SourceUrl);
        Assert.Equal(new DateTimeOffset(2024, 2, 8, 9, 30, 0, TimeSpan.Zero), entry.ServerLastModified);
        var record = Assert.Single(RxAtlas.Sources.PracticeMapReader.Read(_catalog.Lake.PathFor(entry)));
        Assert.Equal(("A81001", "QHM"), (record.PracticeCode, record.IcbCode));

        Assert.All(again.Files, f => Assert.Equal(FetchStatus.Unchanged, f.Status));
        Assert.Equal(2, again.Files.Count);
        Assert.Equal((1, 2), (map.NotModifiedCount, map.GetCount)); // a conditional GET, as for the list sizes: no body the second time

        var withdrawn = Assert.Single(unlinked.Withdrawn);
        Assert.Equal((ListSizeUpstream.PracticeMapSlot, "gp-reg-pat-prac-map.csv"), (withdrawn.Slot, withdrawn.FileName));
        Assert.True(unlinked.Succeeded);
        Assert.True(File.Exists(_catalog.Lake.PathFor(withdrawn))); // kept, and still read, until retired by hand
        Assert.Equal(Availability.WithdrawnUpstream, listing.Files.Single(f => f.Slot == ListSizeUpstream.PracticeMapSlot).State);
        Assert.Equal(Availability.InLakeUnverified, listing.Files.Single(f => f.Slot == ListSizeUpstream.Slot).State); // the page gives no dates
    }

    [Fact]
    public async Task ListAndFetchListSize_PublicationWithoutAPracticeMap_SizesFetchedAloneAndTheListingSaysSo()
    {
        PublishJanuaryListSizes(withMap: false);
        var log = new List<string>();
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        using var catalog = new SourceCatalog(Lake.FromOptions(options), _http, options, log.Add);
        var listSize = new HashSet<SourceKind> { SourceKind.ListSize };

        var listing = await catalog.ListAsync(listSize, MonthRange.Single(new YearMonth(2024, 1)));
        var report = await catalog.FetchAsync(new YearMonth(2024, 1), listSize);

        Assert.Equal(ListSizeUpstream.Slot, Assert.Single(listing.Files).Slot);
        Assert.Empty(listing.Unlisted);
        Assert.Contains(listing.Notes, n => n.StartsWith("listsize 2024-01: the publication links no practice map", StringComparison.Ordinal));
        Assert.True(report.Succeeded, string.Join("; ", report.Notes));
        Assert.Empty(report.NotPublished);
        Assert.Equal(("gp-reg-pat-prac-all.csv", FetchStatus.New), (Assert.Single(report.Files).FileName, report.Files[0].Status));
        Assert.Contains(log, l => l.StartsWith("listsize 2024-01: the publication links no practice map", StringComparison.Ordinal));
    }

    [Fact]
    public void ListSizePage_MapAndItsCorrectedCopy_TheCorrectionIsTaken_AndAMapWithoutListSizesIsNotAPublication()
    {
        var page = new Uri("https://digital.nhs.uk/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/april-2020");
        var both = """
            <a href="https://files.digital.nhs.uk/A1/B2/gp-reg-pat-prac-map.csv">Mapping</a>
            <a href="https://files.digital.nhs.uk/C3/D4/gp-reg-pat-prac-map_v2.csv">Mapping (corrected)</a>
            <a href="https://files.digital.nhs.uk/E5/F6/gp-reg-pat-prac-all.csv">All</a>
            """;

        var files = ListSizeUpstream.FilesOnPage(new YearMonth(2020, 4), both, page);
        var mapOnly = ListSizeUpstream.FilesOnPage(new YearMonth(2020, 4), both.Replace("gp-reg-pat-prac-all.csv", "readme.pdf", StringComparison.Ordinal), page);

        Assert.Equal([("listsize", "gp-reg-pat-prac-all.csv"), ("practice-map", "gp-reg-pat-prac-map_v2.csv")], files.Select(f => (f.Slot, f.FileName)));
        Assert.Empty(mapOnly);
    }

    [Fact]
    public async Task FetchOds_SameBytesThenNewBytes_UnchangedThenChanged()
    {
        var file = _server.MapFile("/api/getReport", Encoding.ASCII.GetBytes("\"A81001\",\"THE DENSHAM SURGERY\"\n"));
        var ods = new HashSet<SourceKind> { SourceKind.Ods };

        var first = await _catalog.FetchAsync(new YearMonth(2024, 1), ods);
        var second = await _catalog.FetchAsync(new YearMonth(2024, 2), ods);
        file.Content = Encoding.ASCII.GetBytes("\"A81001\",\"THE DENSHAM SURGERY\"\n\"A81002\",\"QUEENS PARK\"\n");
        var third = await _catalog.FetchAsync(new YearMonth(2024, 3), ods);

        Assert.Equal(FetchStatus.New, Assert.Single(first.Files).Status);
        Assert.Equal(FetchStatus.Unchanged, Assert.Single(second.Files).Status);
        Assert.Equal(FetchStatus.Changed, Assert.Single(third.Files).Status);
        Assert.Equal("?report=epraccur", _server.RequestsTo("/api/getReport")[0].Query);
        var entry = Assert.Single(_catalog.Lake.Entries(SourceKind.Ods));
        Assert.Equal(("current", "epraccur.csv"), (entry.Period, entry.FileName));
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(entry)));
    }

    [Fact]
    public async Task List_ComparesUpstreamWithLake()
    {
        _server.MapFile("/dl/epd_201401.csv", TestData.Csv(5));
        _server.MapPackage(Retired,
            Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"),
            Ckan.Resource("r2", "EPD_201402", _server.Url("dl/epd_201402.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 1), EpdOnly);

        var listing = await _catalog.ListAsync(new HashSet<SourceKind> { SourceKind.Epd, SourceKind.Pdpi }, null);

        Assert.Equal([("2014-01", Availability.InLake), ("2014-02", Availability.NotInLake)], listing.Files.Select(f => (f.Period, f.State)));
        Assert.Contains(listing.Notes, n => n.StartsWith("pdpi: upstream not checked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_LakeFileNoLongerListedByThePublisher_WithdrawnUpstreamNotLakeOnly()
    {
        _server.MapFile("/dl/epd_201401.csv", TestData.Csv(5));
        _server.MapFile("/dl/epd_201402.csv", TestData.Csv(6));
        _server.MapPackage(Retired,
            Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"),
            Ckan.Resource("r2", "EPD_201402", _server.Url("dl/epd_201402.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new MonthRange(new YearMonth(2014, 1), new YearMonth(2014, 2)), EpdOnly);
        _server.MapPackage(Retired, Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"));

        var listing = await _catalog.ListAsync(EpdOnly, null);
        var ranged = await _catalog.ListAsync(EpdOnly, MonthRange.Single(new YearMonth(2014, 2)));
        var outside = await _catalog.ListAsync(EpdOnly, MonthRange.Single(new YearMonth(2014, 1)));

        Assert.Equal([("2014-01", Availability.InLake), ("2014-02", Availability.WithdrawnUpstream)], listing.Files.Select(f => (f.Period, f.State)));
        Assert.Equal("epd_201402.csv", listing.Files[1].Lake?.FileName);
        Assert.Equal(Availability.WithdrawnUpstream, Assert.Single(ranged.Files).State);
        Assert.Equal(Availability.InLake, Assert.Single(outside.Files).State);
        Assert.Equal(2, _catalog.Lake.Entries(SourceKind.Epd).Count);
    }

    [Fact]
    public async Task ListAndFetchBnf_MonthsFileReplacedByItsYearsHistoricFile_SupersededNotWithdrawn()
    {
        var bnfOnly = new HashSet<SourceKind> { SourceKind.Bnf };
        _server.MapFile("/dl/bnf202503.csv", TestData.Csv(5));
        _server.MapFile("/dl/bnf202403.csv", TestData.Csv(6));
        _server.MapFile("/dl/h2025.csv", TestData.Csv(7));
        _server.MapPackage("bnf-code-information-current-year",
            Ckan.Resource("c2503", "BNF_CODE_CURRENT_202503_VERSION_87", _server.Url("dl/bnf202503.csv"), lastModified: "2025-03-01T00:00:00"),
            Ckan.Resource("c2403", "BNF_CODE_CURRENT_202403_VERSION_85", _server.Url("dl/bnf202403.csv"), lastModified: "2024-03-01T00:00:00"));
        _server.MapPackage("bnf-code-information-historic");
        await _catalog.FetchAsync(new MonthRange(new YearMonth(2024, 3), new YearMonth(2025, 3)), bnfOnly);
        // A year on: NHSBSA lists 2025's historic file and drops 2025's monthly files; 2024's March file is simply gone.
        _server.MapPackage("bnf-code-information-current-year");
        _server.MapPackage("bnf-code-information-historic",
            Ckan.Resource("h2025", "BNF Code Information - Historic 2025 Version 88", _server.Url("dl/h2025.csv"), lastModified: "2026-01-05T00:00:00"));

        var listing = await _catalog.ListAsync(bnfOnly, null);
        var report = await _catalog.FetchAsync(MonthRange.Single(new YearMonth(2025, 3)), bnfOnly);

        Assert.Equal([("2024-03", Availability.WithdrawnUpstream), ("2025-03", Availability.SupersededUpstream), ("2025-12", Availability.NotInLake)],
            listing.Files.Select(f => (f.Period, f.State)));
        Assert.Empty(report.Withdrawn);
        Assert.Equal(["2024-03", "2025-03", "2025-12"], _catalog.Lake.Entries(SourceKind.Bnf).Select(e => e.Period).Order());
    }

    [Fact]
    public async Task ListAndFetch_ACopyFromALocalFolderThePublisherDoesNotList_IsLakeOnlyNotWithdrawn()
    {
        _server.MapFile("/dl/epd_201401.csv", TestData.Csv(5));
        _server.MapPackage(Retired, Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        var part = _catalog.Lake.PartPathFor(SourceKind.Epd, "2014-02", "EPD_201402.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllText(part, "abc");
        _catalog.Lake.Commit(part, new LakeEntry(SourceKind.Epd, "2014-02", "prescribing", "EPD_201402.csv", "/home/analyst/epd/EPD_201402.csv",
            null, 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DateTimeOffset.UnixEpoch));

        var listing = await _catalog.ListAsync(EpdOnly, null);
        var report = await _catalog.FetchAsync(new MonthRange(new YearMonth(2014, 1), new YearMonth(2014, 2)), EpdOnly);

        Assert.Equal([("2014-01", Availability.NotInLake), ("2014-02", Availability.LakeOnly)], listing.Files.Select(f => (f.Period, f.State)));
        Assert.Empty(listing.Unlisted);
        Assert.Empty(report.Withdrawn);
    }

    [Fact]
    public async Task List_UpstreamNotChecked_LakeFileStaysLakeOnly()
    {
        _server.MapFile("/dl/epd_201401.csv", TestData.Csv(5));
        _server.MapPackage(Retired, Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 1), EpdOnly);
        _server.MapJson($"{Ckan.PackageShow}?id={Snomed}", new { success = false, error = new { message = "Not found" } });

        var listing = await _catalog.ListAsync(EpdOnly, null);

        Assert.Equal(Availability.LakeOnly, Assert.Single(listing.Files).State);
    }

    [Fact]
    public async Task FetchEpd_LakeFileNoLongerListed_ReportedWithdrawnKeptAndNotAFailure()
    {
        _server.MapFile("/dl/epd_201401.csv", TestData.Csv(5));
        _server.MapFile("/dl/epd_201402.csv", TestData.Csv(6));
        _server.MapPackage(Retired,
            Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"),
            Ckan.Resource("r2", "EPD_201402", _server.Url("dl/epd_201402.csv"), lastModified: "2024-01-01T00:00:00"));
        _server.MapPackage(Snomed);
        var range = new MonthRange(new YearMonth(2014, 1), new YearMonth(2014, 2));
        await _catalog.FetchAsync(range, EpdOnly);
        _server.MapPackage(Retired, Ckan.Resource("r1", "EPD_201401", _server.Url("dl/epd_201401.csv"), lastModified: "2024-01-01T00:00:00"));
        var log = new List<string>();
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        options.Sources.Nhsbsa.PreferZip = false;
        using var logged = new SourceCatalog(Lake.FromOptions(options), _http, options, log.Add);

        var report = await logged.FetchAsync(range, EpdOnly);
        var other = await logged.FetchAsync(MonthRange.Single(new YearMonth(2014, 1)), EpdOnly);

        var withdrawn = Assert.Single(report.Withdrawn);
        Assert.Equal(("2014-02", "epd_201402.csv"), (withdrawn.Period, withdrawn.FileName));
        Assert.True(report.Succeeded);
        Assert.Equal([new MissingMonth(SourceKind.Epd, new YearMonth(2014, 2))], report.NotPublished);
        Assert.Contains(log, l => l.Contains("WITHDRAWN UPSTREAM", StringComparison.Ordinal) && l.Contains("epd_201402.csv", StringComparison.Ordinal));
        Assert.True(File.Exists(_catalog.Lake.PathFor(withdrawn)));
        Assert.Equal(2, _catalog.Lake.Entries(SourceKind.Epd).Count);
        Assert.Empty(other.Withdrawn);
    }

    [Fact]
    public async Task FetchEpd_ConnectionDroppedHalfway_ResumedAndLakeFileMatchesSourceSha()
    {
        var content = TestData.Csv(3000);
        var file = _server.MapFile("/dl/epd_201405.csv", content, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        file.DropFirst = (1, content.Length / 2);
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201405", _server.Url("dl/epd_201405.csv"), size: content.Length, lastModified: "2024-02-01T00:00:00"));
        _server.MapPackage(Snomed);

        var report = await _catalog.FetchAsync(new YearMonth(2014, 5), EpdOnly);

        Assert.Equal(FetchStatus.New, Assert.Single(report.Files).Status);
        Assert.NotNull(_server.RequestsTo("/dl/epd_201405.csv")[^1].Range);
        var entry = Assert.Single(_catalog.Lake.Entries(SourceKind.Epd));
        Assert.Equal(TestData.Sha256(content), entry.Sha256);
        Assert.Equal(TestData.Sha256(content), TestData.Sha256(await File.ReadAllBytesAsync(_catalog.Lake.PathFor(entry))));
    }

    [Fact]
    public async Task FetchEpd_RunGivesUpMidFile_NextRunResumesFromThePartFile()
    {
        var content = TestData.Csv(3000);
        var file = _server.MapFile("/dl/epd_201406.csv", content, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        file.DropFirst = (1, 4096);
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201406", _server.Url("dl/epd_201406.csv"), lastModified: "2024-02-01T00:00:00"));
        _server.MapPackage(Snomed);
        var impatient = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        impatient.Download.MaxRetries = 0;
        impatient.Sources.Nhsbsa.PreferZip = false;
        using var firstRun = new SourceCatalog(Lake.FromOptions(impatient), _http, impatient);

        var failed = await firstRun.FetchAsync(new YearMonth(2014, 6), EpdOnly);
        var part = firstRun.Lake.PartPathFor(SourceKind.Epd, "2014-06", "epd_201406.csv");
        var kept = new FileInfo(part).Length;
        var resumed = await _catalog.FetchAsync(new YearMonth(2014, 6), EpdOnly);

        Assert.Equal(FetchStatus.Failed, Assert.Single(failed.Files).Status);
        Assert.InRange(kept, 1, 4096);
        Assert.Equal(FetchStatus.New, Assert.Single(resumed.Files).Status);
        Assert.Equal($"bytes={kept}-", _server.RequestsTo("/dl/epd_201406.csv")[^1].Range);
        Assert.Equal(content, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(Assert.Single(_catalog.Lake.Entries()))));
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task ListEpd_PortalAnswers503ThenSucceeds_Retried()
    {
        var failures = 2;
        _server.Map($"{Ckan.PackageShow}?id={Snomed}", ctx =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                ctx.Response.StatusCode = 503;
                return Task.CompletedTask;
            }
            return FakeUpstream.WriteJson(ctx, Ckan.Package(Snomed, Ckan.Resource("s", "EPD_SNOMED_202601", _server.Url("dl/s.csv"))));
        });
        _server.MapPackage(Retired);

        var files = await _catalog.Upstream(SourceKind.Epd).ListAsync(null, CancellationToken.None);

        Assert.Equal("2026-01", Assert.Single(files).Period);
        Assert.Equal(3, _server.Requests.Count(r => r.Query == $"?id={Snomed}"));
    }

    [Fact]
    public async Task FetchListSize_ScrapedFileWithSameLastModified_AskedIfModifiedSinceNotDownloadedAgain()
    {
        var csv = Encoding.ASCII.GetBytes("CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\n");
        var file = _server.MapFile("/11/22AA33/gp-reg-pat-prac-all.csv", csv, new DateTimeOffset(2024, 2, 8, 9, 30, 0, TimeSpan.Zero));
        _server.MapText("/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/february-2024",
            $"""<a href="{_server.Url("11/22AA33/gp-reg-pat-prac-all.csv")}">All</a>""");
        var listSize = new HashSet<SourceKind> { SourceKind.ListSize };
        await _catalog.FetchAsync(new YearMonth(2024, 2), listSize);

        var again = await _catalog.FetchAsync(new YearMonth(2024, 2), listSize);
        file.LastModified = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        file.Content = Encoding.ASCII.GetBytes("CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,11\n");
        var revised = await _catalog.FetchAsync(new YearMonth(2024, 2), listSize);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(again.Files).Status);
        Assert.Equal(FetchStatus.Changed, Assert.Single(revised.Files).Status);
        Assert.Equal(1, file.NotModifiedCount); // the check of an unchanged file costs no body
        Assert.Equal(3, file.GetCount);
        Assert.DoesNotContain(_server.RequestsTo("/11/22AA33/gp-reg-pat-prac-all.csv"), r => r.Method == "HEAD");
        var entry = Assert.Single(_catalog.Lake.Entries());
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), entry.LastModified);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), entry.ServerLastModified);
    }

    [Fact]
    public async Task FetchListSize_ManifestWithoutValidators_CheckedWithHeadNotDownloadedAgain()
    {
        var csv = Encoding.ASCII.GetBytes("CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,10\n");
        var file = _server.MapFile("/11/22AA33/gp-reg-pat-prac-all.csv", csv, new DateTimeOffset(2024, 2, 8, 9, 30, 0, TimeSpan.Zero));
        _server.MapText("/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/february-2024",
            $"""<a href="{_server.Url("11/22AA33/gp-reg-pat-prac-all.csv")}">All</a>""");
        var listSize = new HashSet<SourceKind> { SourceKind.ListSize };
        await _catalog.FetchAsync(new YearMonth(2024, 2), listSize);
        var written = Assert.Single(_catalog.Lake.Entries());
        _catalog.Lake.Touch(written with { ETag = null, ServerLastModified = null }); // as an older version wrote it

        var again = await _catalog.FetchAsync(new YearMonth(2024, 2), listSize);
        file.LastModified = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        file.Content = Encoding.ASCII.GetBytes("CODE,SEX,AGE,NUMBER_OF_PATIENTS\nA81001,ALL,ALL,11\n");
        var revised = await _catalog.FetchAsync(new YearMonth(2024, 2), listSize);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(again.Files).Status);
        Assert.Equal(FetchStatus.Changed, Assert.Single(revised.Files).Status);
        Assert.Equal(2, file.GetCount);
        Assert.Equal(2, _server.RequestsTo("/11/22AA33/gp-reg-pat-prac-all.csv").Count(r => r.Method == "HEAD"));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), Assert.Single(_catalog.Lake.Entries()).LastModified);
    }

    [Fact]
    public async Task FetchEpd_ListingHasOnlyCreatedAndFileRepublishedWithSameSize_ETagAskedAndNewBytesFetched()
    {
        var first = TestData.Csv(300, seed: 1);
        var file = _server.MapFile("/dl/epd_201411.csv", first);
        file.ETag = "\"v1\"";
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201411", _server.Url("dl/epd_201411.csv"), size: first.Length, created: "2024-03-10T09:00:00", lastModified: null));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 11), EpdOnly);

        var unchanged = await _catalog.FetchAsync(new YearMonth(2014, 11), EpdOnly);
        var republished = first.ToArray();
        republished[^3] = (byte)(republished[^3] == '1' ? '2' : '1'); // a corrected figure: same size, same listing, only the server can tell
        file.Content = republished;
        file.ETag = "\"v2\"";
        var changed = await _catalog.FetchAsync(new YearMonth(2014, 11), EpdOnly);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(unchanged.Files).Status);
        Assert.Equal(1, file.NotModifiedCount);
        Assert.Equal(FetchStatus.Changed, Assert.Single(changed.Files).Status);
        Assert.Equal([new YearMonth(2014, 11)], changed.MonthsToLoad);
        var entry = Assert.Single(_catalog.Lake.Entries());
        Assert.Equal(republished, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(entry)));
        Assert.Equal("\"v2\"", entry.ETag);
    }

    [Fact]
    public async Task FetchEpd_ListingHasOnlyCreatedAndServerSendsOnlyLastModified_AskedIfModifiedSince()
    {
        var first = TestData.Csv(300, seed: 1);
        var file = _server.MapFile("/dl/epd_201412.csv", first, new DateTimeOffset(2024, 3, 10, 9, 0, 0, TimeSpan.Zero));
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201412", _server.Url("dl/epd_201412.csv"), size: first.Length, created: "2024-03-10T09:00:00", lastModified: null));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 12), EpdOnly);

        var unchanged = await _catalog.FetchAsync(new YearMonth(2014, 12), EpdOnly);
        file.Content = TestData.Csv(300, seed: 2);
        file.LastModified = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var changed = await _catalog.FetchAsync(new YearMonth(2014, 12), EpdOnly);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(unchanged.Files).Status);
        Assert.Equal(1, file.NotModifiedCount);
        Assert.Equal(FetchStatus.Changed, Assert.Single(changed.Files).Status);
        Assert.Equal(file.Content, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(Assert.Single(_catalog.Lake.Entries()))));
    }

    [Fact]
    public async Task FetchEpd_ServerIgnoresTheCondition_WholeFileComparedByChecksumAndUnchanged()
    {
        var content = TestData.Csv(300);
        var file = _server.MapFile("/dl/epd_201501.csv", content);
        file.ETag = "\"v1\"";
        file.IgnoreConditions = true;
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201501", _server.Url("dl/epd_201501.csv"), size: content.Length, lastModified: null));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2015, 1), EpdOnly);

        var again = await _catalog.FetchAsync(new YearMonth(2015, 1), EpdOnly);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(again.Files).Status);
        Assert.Equal(2, file.GetCount);
        Assert.Empty(again.MonthsToLoad);
        Assert.Equal(content, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(Assert.Single(_catalog.Lake.Entries()))));
    }

    [Fact]
    public async Task FetchEpd_BodyTruncatedWithoutContentLength_FailedAndLakeUntouched()
    {
        var content = TestData.Csv(3000);
        var file = _server.MapFile("/dl/epd_201407.csv", content);
        file.OmitLength = true;
        file.TruncateFirst = (100, 30000);
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201407", _server.Url("dl/epd_201407.csv"), size: content.Length, lastModified: "2024-02-01T00:00:00"));
        _server.MapPackage(Snomed);

        var report = await _catalog.FetchAsync(new YearMonth(2014, 7), EpdOnly);

        var outcome = Assert.Single(report.Failed);
        Assert.Contains($"ended at byte 30,000 of {content.Length:N0} expected", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_catalog.Lake.Entries());
        Assert.False(File.Exists(Path.Combine(_temp.File("lake"), "raw", "epd", "2014-07", "epd_201407.csv")));
    }

    [Fact]
    public async Task FetchOds_HtmlErrorPageWith200_FailedAndTheOnlyGoodFileKept()
    {
        var good = Encoding.ASCII.GetBytes("\"A81001\",\"THE DENSHAM SURGERY\"\n");
        var file = _server.MapFile("/api/getReport", good);
        var ods = new HashSet<SourceKind> { SourceKind.Ods };
        await _catalog.FetchAsync(new YearMonth(2024, 1), ods);
        var manifest = Path.Combine(_temp.File("lake"), "manifest", "ods", "current", "epraccur.csv.json");
        var manifestBefore = await File.ReadAllTextAsync(manifest);
        file.Content = Encoding.ASCII.GetBytes("\r\n<!doctype html><html><body>Sorry, the service is unavailable</body></html>");

        var report = await _catalog.FetchAsync(new YearMonth(2024, 2), ods);

        var outcome = Assert.Single(report.Failed);
        Assert.Contains("api/getReport", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("HTML page", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(good, await File.ReadAllBytesAsync(_catalog.Lake.PathFor(Assert.Single(_catalog.Lake.Entries()))));
        Assert.Equal(manifestBefore, await File.ReadAllTextAsync(manifest));
        Assert.Equal(["epraccur.csv"], Directory.GetFiles(Path.Combine(_temp.File("lake"), "raw", "ods", "current")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task FetchEpd_LakeFileCorruptedThenRepublishedWithSameBytes_GoodDownloadReplacesTheDamagedFile()
    {
        var content = TestData.Csv(300);
        _server.MapFile("/dl/epd_201409.csv", content);
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201409", _server.Url("dl/epd_201409.csv"), size: content.Length, lastModified: "2024-02-01T00:00:00"));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 9), EpdOnly);
        var path = _catalog.Lake.PathFor(Assert.Single(_catalog.Lake.Entries()));
        var corrupted = content.ToArray();
        corrupted[100] ^= 0xFF;
        await File.WriteAllBytesAsync(path, corrupted);
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201409", _server.Url("dl/epd_201409.csv"), size: content.Length, lastModified: "2024-05-01T00:00:00"));

        var report = await _catalog.FetchAsync(new YearMonth(2014, 9), EpdOnly);

        Assert.Equal(FetchStatus.Changed, Assert.Single(report.Files).Status);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        Assert.Equal(TestData.Sha256(content), Assert.Single(_catalog.Lake.Entries()).Sha256);
    }

    [Fact]
    public async Task FetchEpd_VerifyLake_CorruptedFileReportedAndDownloadedAgain()
    {
        var content = TestData.Csv(300);
        var file = _server.MapFile("/dl/epd_201410.csv", content);
        _server.MapPackage(Retired, Ckan.Resource("r", "EPD_201410", _server.Url("dl/epd_201410.csv"), size: content.Length, lastModified: "2024-02-01T00:00:00"));
        _server.MapPackage(Snomed);
        await _catalog.FetchAsync(new YearMonth(2014, 10), EpdOnly);
        var path = _catalog.Lake.PathFor(Assert.Single(_catalog.Lake.Entries()));
        var corrupted = content.ToArray();
        corrupted[100] ^= 0xFF;
        await File.WriteAllBytesAsync(path, corrupted);
        var log = new List<string>();
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        options.Sources.Nhsbsa.PreferZip = false;
        using var verifying = new SourceCatalog(Lake.FromOptions(options), _http, options, log.Add) { VerifyLake = true };

        var unverified = await _catalog.FetchAsync(new YearMonth(2014, 10), EpdOnly);
        var verified = await verifying.FetchAsync(new YearMonth(2014, 10), EpdOnly);

        Assert.Equal(FetchStatus.Unchanged, Assert.Single(unverified.Files).Status);
        Assert.Equal(FetchStatus.Changed, Assert.Single(verified.Files).Status);
        Assert.Contains(log, l => l.Contains("DAMAGED", StringComparison.Ordinal) && l.Contains("epd_201410.csv", StringComparison.Ordinal) && l.Contains(TestData.Sha256(corrupted), StringComparison.Ordinal));
        Assert.Equal(2, file.GetCount);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ListEpd_PortalAnswers503WithRetryAfter_WaitsAsAsked()
    {
        var failures = 1;
        _server.Map($"{Ckan.PackageShow}?id={Snomed}", ctx =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                ctx.Response.StatusCode = 503;
                ctx.Response.Headers.RetryAfter = "2";
                return Task.CompletedTask;
            }
            return FakeUpstream.WriteJson(ctx, Ckan.Package(Snomed, Ckan.Resource("s", "EPD_SNOMED_202601", _server.Url("dl/s.csv"))));
        });
        _server.MapPackage(Retired);
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        options.Download.MaxRetryDelay = TimeSpan.FromSeconds(10);
        using var patient = new SourceCatalog(Lake.FromOptions(options), _http, options);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var files = await patient.Upstream(SourceKind.Epd).ListAsync(null, CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(9));
        Assert.Equal("2026-01", Assert.Single(files).Period);
    }

    [Fact]
    public async Task FetchEpd_ListingAlways503_NoteSaysHowManyAttempts()
    {
        _server.Map($"{Ckan.PackageShow}?id={Snomed}", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });

        var report = await _catalog.FetchAsync(new YearMonth(2024, 1), EpdOnly);

        var note = Assert.Single(report.Notes);
        Assert.StartsWith($"epd: listing failed after {1 + TestData.FastRetries().MaxRetries} attempt(s): ", note, StringComparison.Ordinal);
        Assert.Contains("503", note, StringComparison.Ordinal);
        Assert.Equal(1 + TestData.FastRetries().MaxRetries, _server.Requests.Count(r => r.Query == $"?id={Snomed}"));
    }
}
