using System.Net;
using System.Text;
using System.Text.Json;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using Lake = RxAtlas.Pipeline.Prescribing.Lake;

namespace RxAtlas.Pipeline.Tests.Prescribing;

/// <summary>The internet acquirer over a scripted NHSBSA/ODS (an HTTP handler, no sockets).</summary>
public sealed class FetchingAcquirerTests : IDisposable
{
    private static readonly YearMonth February = new(2021, 2);
    private static readonly YearMonth March = new(2021, 3);
    private readonly TempFolder _lake = new();
    private readonly ScriptedUpstream _upstream = new();

    public void Dispose() => _lake.Dispose();

    private SourceCatalog Catalog(HttpClient http) => new(new RxAtlas.Acquisition.Lake(_lake.Path), http, new AcquisitionOptions
    {
        Lake = new LakeOptions { Root = _lake.Path },
        Sources = new SourcesOptions
        {
            Nhsbsa = new NhsbsaOptions { BaseUrl = ScriptedUpstream.Base, PreferZip = false },
            NhsDigital = new NhsDigitalOptions { BaseUrl = ScriptedUpstream.Base },
            Ods = new OdsOptions { BaseUrl = ScriptedUpstream.Base },
        },
        Download = new DownloadOptions { MaxRetries = 0, ProgressInterval = TimeSpan.Zero },
    });

    [Fact]
    public async Task Acquire_TwoMonthsAtOnce_FetchesOneAtATimeSoSharedReferenceFilesAreNotDownloadedTwiceAtOnce()
    {
        using var http = new HttpClient(_upstream);
        using var catalog = Catalog(http);
        var acquirer = new FetchingAcquirer(catalog);
        var lake = new Lake(_lake.Path);

        var results = await Task.WhenAll(
            acquirer.AcquireAsync(February, lake, _ => { }, CancellationToken.None),
            acquirer.AcquireAsync(March, lake, _ => { }, CancellationToken.None)).Within();

        Assert.Equal(1, _upstream.MostOdsDownloadsAtOnce);
        Assert.All(results, r => Assert.Contains(r.Files, f => f.Source == "ods"));
        Assert.True(File.Exists(Path.Combine(_lake.Path, "raw", "epd", "2021-02", "EPD_SNOMED_202102.csv")));
        Assert.True(File.Exists(Path.Combine(_lake.Path, "raw", "epd", "2021-03", "EPD_SNOMED_202103.csv")));
        Assert.Equal("epraccur", File.ReadAllText(Path.Combine(_lake.Path, "raw", "ods", "current", "epraccur.csv")));
    }

    [Fact]
    public async Task Acquire_ByDefault_FetchesTheMonthsListSizes_AndAMonthWithoutThemStillSucceeds()
    {
        using var http = new HttpClient(_upstream);
        using var catalog = Catalog(http);
        var acquirer = new FetchingAcquirer(catalog);
        var lake = new Lake(_lake.Path);
        var log = new List<string>();

        var march = await acquirer.AcquireAsync(March, lake, log.Add, CancellationToken.None).Within();
        var february = await acquirer.AcquireAsync(February, lake, log.Add, CancellationToken.None).Within();

        var listSize = Assert.Single(march.Files, f => f.Source == LakeSources.ListSize);
        Assert.Equal(Path.Combine(lake.RawFolder(LakeSources.ListSize, March), "gp-reg-pat-prac-all.csv"), listSize.LakePath);
        Assert.True(listSize.Copied);
        Assert.Equal([listSize.LakePath], lake.CurrentFiles(LakeSources.ListSize, March.ToString()));
        Assert.DoesNotContain(february.Files, f => f.Source == LakeSources.ListSize); // not published: not a failure
        Assert.Contains("listsize 2021-02: not published upstream (yet).", log);
        Assert.Contains(february.Files, f => f.Source == LakeSources.Epd);
    }

    [Fact]
    public async Task Acquire_AfterTheSameFileWasCopiedFromAFolder_FindsItInTheLakeUnchanged()
    {
        using var folder = new TempFolder();
        folder.Write("epraccur.csv", "epraccur"); // the bytes the ODS serves
        var lake = new Lake(_lake.Path);
        await new DirectoryAcquirer(folder.Path).AcquireAsync(March, lake, _ => { }, CancellationToken.None).Within();
        using var http = new HttpClient(_upstream);
        using var catalog = Catalog(http);

        var result = await new FetchingAcquirer(catalog).AcquireAsync(March, lake, _ => { }, CancellationToken.None).Within();

        Assert.False(Assert.Single(result.Files, f => f.Source == LakeSources.Ods).Copied);
        Assert.Equal([Path.Combine(lake.RawFolder(LakeSources.Ods, LakeSources.CurrentPeriod), "epraccur.csv")], lake.CurrentFiles(LakeSources.Ods, LakeSources.CurrentPeriod));
    }

    [Fact]
    public async Task Acquire_ListingFails_ThrowsNamingTheSourceInsteadOfFindingNoRelease()
    {
        _upstream.FailingDataset = "english-prescribing-dataset-epd-with-snomed-code";
        using var http = new HttpClient(_upstream);
        using var catalog = Catalog(http);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new FetchingAcquirer(catalog).AcquireAsync(March, new Lake(_lake.Path), _ => { }, CancellationToken.None)).Within();

        Assert.Contains("epd: listing failed", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_lake.Path, "raw", "epd")));
    }

    /// <summary>CKAN <c>package_show</c> for the EPD and BNF datasets, two EPD months, March's list-size publication page (no
    /// page for February), and the ODS report, which waits a moment for a second concurrent download so an overlap cannot go
    /// unnoticed.</summary>
    private sealed class ScriptedUpstream : HttpMessageHandler
    {
        public const string Base = "http://upstream.test/";

        private readonly TaskCompletionSource _secondOdsDownload = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _odsInFlight;
        private int _mostOdsInFlight;

        public string? FailingDataset { get; set; }

        public int MostOdsDownloadsAtOnce => Volatile.Read(ref _mostOdsInFlight);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!;
            if (url.AbsolutePath == "/api/3/action/package_show")
            {
                var id = url.Query["?id=".Length..];
                if (id == FailingDataset) return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                object[] resources = id == "english-prescribing-dataset-epd-with-snomed-code"
                    ? [Resource("r202102", "EPD_SNOMED_202102"), Resource("r202103", "EPD_SNOMED_202103")]
                    : [];
                return Json(new { success = true, result = new { id, resources } });
            }
            if (url.AbsolutePath == "/api/getReport")
            {
                var inFlight = Interlocked.Increment(ref _odsInFlight);
                InterlockedMax(ref _mostOdsInFlight, inFlight);
                if (inFlight > 1) _secondOdsDownload.TrySetResult();
                else await Task.WhenAny(_secondOdsDownload.Task, Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken));
                Interlocked.Decrement(ref _odsInFlight);
                return Bytes("epraccur");
            }
            if (url.AbsolutePath == "/data-and-information/publications/statistical/patients-registered-at-a-gp-practice/march-2021")
            {
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("<html><a href=\"/files/gp-reg-pat-prac-all.csv\">Totals</a></html>", Encoding.UTF8, "text/html"),
                };
            }
            if (url.AbsolutePath.StartsWith("/files/", StringComparison.Ordinal)) return Bytes("prescribing rows of " + url.AbsolutePath);
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        private static object Resource(string id, string name) =>
            new { id, name, url = $"{Base}files/{name}.csv", format = "CSV", created = "2021-05-13T09:30:00.000000" };

        private static HttpResponseMessage Json(object body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

        private static HttpResponseMessage Bytes(string text) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(text)) };

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
