#if RXATLAS_E2E
using System.Net;
using System.Text;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.SampleData;
using PracticeMapReader = RxAtlas.Sources.PracticeMapReader;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Runs;
using Lake = RxAtlas.Pipeline.Prescribing.Lake;

namespace RxAtlas.Pipeline.Tests.EndToEnd;

/// <summary>A PDPI month (whose rows name no ICB) loaded by the monthly DAG with its list sizes fetched from NHS Digital's
/// publication page: the practice map the page links is fetched with them, and stage_practices names the practices' ICBs
/// and sub-ICB locations from it; a publication without a map still loads.</summary>
[Collection(ProcessRunGateCollection.Name)]
public sealed class FetchedPracticeMapDuckDbTests : IDisposable
{
    private static readonly YearMonth November = new(2019, 11);
    private readonly TempFolder _source = new();
    private readonly TempFolder _lake = new();
    private readonly TempFolder _db = new();

    public void Dispose()
    {
        _source.Dispose();
        _lake.Dispose();
        _db.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_ListSizesFetchedFromThePublication_PracticesNamedFromItsMapWhenItLinksOne(bool publishedWithMap)
    {
        await using var month = await PublishedMonth.CreateAsync(_source.Path, _lake.Path, _db.Path, publishedWithMap);
        var (map, catalog, warehouse, runner) = (month.Map, month.Catalog, month.Warehouse, month.Runner);

        var run = await runner.RunMonthAsync(November).Within();

        Assert.True(run.State == RunState.Success, $"run ended {run.State}: {run.Error}");
        Assert.Equal([November], await warehouse.Queries.ListSizeMonthsAsync());
        var practices = new List<(string Code, string? Icb, string? IcbName, string? SubIcbName)>();
        await warehouse.QueryAsync("SELECT practice_code, icb_code, icb_name, sub_icb_name FROM practices WHERE NOT is_unidentified ORDER BY 1", async r =>
        {
            while (await r.ReadAsync())
            {
                practices.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
            }
        });
        var mapped = practices.Where(p => map.ContainsKey(p.Code)).ToList();
        Assert.NotEmpty(mapped);
        if (publishedWithMap)
        {
            var entry = Assert.Single(catalog.Lake.Entries(SourceKind.ListSize), e => e.Slot == ListSizeUpstream.PracticeMapSlot);
            Assert.Equal(Path.Combine(_lake.Path, "raw", "listsize", "2019-11", "gp-reg-pat-prac-map.csv"), catalog.Lake.PathFor(entry));
            Assert.All(mapped, p => Assert.Equal((map[p.Code].IcbCode, map[p.Code].IcbName, map[p.Code].SubIcbName), (p.Icb, p.IcbName, p.SubIcbName)));
        }
        else
        {
            Assert.Equal([ListSizeUpstream.Slot], catalog.Lake.Entries(SourceKind.ListSize).Select(e => e.Slot));
            Assert.All(mapped, p => Assert.Null(p.IcbName)); // PDPI rows and epraccur name no ICB: nothing to name them from
        }
    }

    [Fact]
    public async Task Run_ListSizesAndMapPublishedAfterTheMonthWasLoaded_LoadsThemAlone_AndNamesThePracticesFromTheMap()
    {
        await using var month = await PublishedMonth.CreateAsync(_source.Path, _lake.Path, _db.Path, withMap: true);
        var (map, publisher, warehouse, runner) = (month.Map, month.Publisher, month.Warehouse, month.Runner);
        publisher.Published = false;
        async Task<string?> IcbNameAsync(string practice)
        {
            string? name = null;
            await warehouse.QueryAsync($"SELECT icb_name FROM practices WHERE practice_code = '{practice}'", async r =>
            {
                if (await r.ReadAsync() && !r.IsDBNull(0)) name = r.GetString(0);
            });
            return name;
        }

        var before = await runner.RunMonthAsync(November).Within();
        var loaded = new List<string>();
        await warehouse.QueryAsync("SELECT practice_code FROM practices ORDER BY 1", async r => { while (await r.ReadAsync()) loaded.Add(r.GetString(0)); });
        var mappedPractice = loaded.First(code => map.TryGetValue(code, out var m) && m.IcbName is not null);
        var nameBefore = await IcbNameAsync(mappedPractice);
        publisher.Published = true;
        var after = await runner.RunMonthAsync(November).Within();

        Assert.True(before.State == RunState.Success, $"first run ended {before.State}: {before.Error}");
        Assert.Null(nameBefore); // PDPI rows and epraccur name no ICB
        Assert.True(after.State == RunState.Success, $"second run ended {after.State}: {after.Error}");
        var load = Assert.Single(await warehouse.Runs.ListTasksAsync(after.RunId), t => t.TaskId == PrescribingDag.Tasks.Load);
        Assert.Contains(load.Log, l => l.Contains("skipped", StringComparison.Ordinal)); // the prescribing data was kept, not reloaded
        Assert.Equal([November], await warehouse.Queries.ListSizeMonthsAsync());
        Assert.Equal(map[mappedPractice].IcbName, await IcbNameAsync(mappedPractice));
    }

    /// <summary>A generated PDPI November whose list sizes (and, <c>withMap</c>, practice map) only the publisher has, and a
    /// DuckDB warehouse with a monthly runner that takes the rest of the month from the folder and fetches the list sizes.</summary>
    private sealed class PublishedMonth : IAsyncDisposable
    {
        public required Dictionary<string, PracticeRecord> Map { get; init; }
        public required ListSizePublication Publisher { get; init; }
        public required HttpClient Http { get; init; }
        public required SourceCatalog Catalog { get; init; }
        public required DuckDbWarehouse Warehouse { get; init; }
        public required MonthlyRunner Runner { get; init; }

        public static async Task<PublishedMonth> CreateAsync(string source, string lake, string db, bool withMap)
        {
            var generated = SampleGenerator.Generate(new GeneratorOptions(source, November, November) { RowsPerMonth = 500, Format = SampleFormat.PdpiClean }).Months[0];
            // The list-size publication is the publisher's, not the folder's: only the fetch can bring it (and its map) in.
            var publisher = new ListSizePublication(File.ReadAllBytes(generated.ListSizeFile!), withMap ? File.ReadAllBytes(generated.PracticeMapFile!) : null);
            var map = PracticeMapReader.Read(generated.PracticeMapFile!).ToDictionary(p => p.PracticeCode, StringComparer.Ordinal);
            File.Delete(generated.ListSizeFile!);
            File.Delete(generated.PracticeMapFile!);
            var http = new HttpClient(publisher);
            var catalog = new SourceCatalog(new RxAtlas.Acquisition.Lake(lake), http, new AcquisitionOptions
            {
                Lake = new LakeOptions { Root = lake },
                Sources = new SourcesOptions { NhsDigital = new NhsDigitalOptions { BaseUrl = ListSizePublication.Base } },
                Download = new DownloadOptions { MaxRetries = 0, ProgressInterval = TimeSpan.Zero },
            });
            var warehouse = new DuckDbWarehouse(Path.Combine(db, "rx.duckdb"));
            await warehouse.MigrateAsync();
            var acquirer = new FolderThenListSizeFetch(new DirectoryAcquirer(source), new FetchingAcquirer(catalog, new HashSet<SourceKind> { SourceKind.ListSize }));
            var runner = PrescribingDag.CreateRunner(new PrescribingDagSettings(warehouse, new Lake(lake)) { Acquirer = acquirer });
            return new PublishedMonth { Map = map, Publisher = publisher, Http = http, Catalog = catalog, Warehouse = warehouse, Runner = runner };
        }

        public async ValueTask DisposeAsync()
        {
            await Warehouse.DisposeAsync();
            Catalog.Dispose();
            Http.Dispose();
        }
    }

    /// <summary>The rest of the month from a folder (<c>--from-dir</c>), its list sizes from the publisher.</summary>
    private sealed class FolderThenListSizeFetch(DirectoryAcquirer folder, FetchingAcquirer fetch) : IReleaseAcquirer
    {
        public async Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken)
        {
            var copied = await folder.AcquireAsync(month, lake, log, cancellationToken);
            var fetched = await fetch.AcquireAsync(month, lake, log, cancellationToken);
            return new AcquisitionResult([.. copied.Files, .. fetched.Files], copied.Withdrawn);
        }

        public Task<AcquisitionResult> AcquireListSizesAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken) =>
            fetch.AcquireListSizesAsync(month, lake, log, cancellationToken);
    }

    /// <summary>NHS Digital's November 2019 "Patients Registered at a GP Practice" page, as recorded: the sex files, the
    /// practice totals and (when given) the practice map, each in its own random files.digital.nhs.uk-style folder.</summary>
    private sealed class ListSizePublication(byte[] totals, byte[]? map) : HttpMessageHandler
    {
        public const string Base = "http://digital.test/";

        /// <summary>False until the month's publication is out: its page is then not found, as before publication day.</summary>
        public bool Published { get; set; } = true;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var page = new StringBuilder("<html><body><ul>")
                .Append("<li><a href=\"/A1/B2C3D4/gp-reg-pat-prac-sing-age-male.csv\">Male</a></li>")
                .Append("<li><a href=\"/E5/F6A7B8/gp-reg-pat-prac-all.csv\">Totals (GP practice; all persons)</a></li>");
            if (map is not null) page.Append("<li><a href=\"https://digital.test/C9/D0E1F2/gp-reg-pat-prac-map.csv\">Mapping (GP practice to ICB)</a></li>");
            page.Append("</ul></body></html>");
            var response = !Published ? new HttpResponseMessage(HttpStatusCode.NotFound) : request.RequestUri!.AbsolutePath switch
            {
                "/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/november-2019" =>
                    new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page.ToString(), Encoding.UTF8, "text/html") },
                "/E5/F6A7B8/gp-reg-pat-prac-all.csv" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(totals) },
                "/C9/D0E1F2/gp-reg-pat-prac-map.csv" when map is not null => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(map) },
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
            return Task.FromResult(response);
        }
    }
}
#endif
