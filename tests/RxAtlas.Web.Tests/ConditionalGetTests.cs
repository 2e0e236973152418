using System.Net;
using System.Net.Http.Headers;
using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>Data answers carry a weak ETag of the data version and the request, with <c>Cache-Control: no-cache</c>, and a
/// request naming the current tag in <c>If-None-Match</c> gets 304 without a query.</summary>
public sealed class ConditionalGetTests
{
    private static async Task<HttpResponseMessage> GetAsync(TestApp app, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await app.Client.SendAsync(request);
    }

    private static async Task<EntityTagHeaderValue> TagAsync(TestApp app, string url)
    {
        using var response = await GetAsync(app, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"GET {url}: no ETag");
    }

    [Fact]
    public async Task Map_HasAWeakETagAndNoCache_AndTheTagInIfNoneMatchGives304WithoutBodyOrQuery()
    {
        await using var app = await TestApp.StartAsync();
        using var first = await GetAsync(app, "/api/map?bnf=0401");
        var tag = first.Headers.ETag;
        var calls = app.Fake.Calls;

        using var again = await GetAsync(app, "/api/map?bnf=0401", tag?.ToString());

        Assert.NotNull(tag);
        Assert.True(tag.IsWeak);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(tag, again.Headers.ETag);
        Assert.Equal("no-cache", again.Headers.CacheControl?.ToString());
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(calls, app.Fake.Calls);
    }

    [Fact]
    public async Task EveryDataEndpoint_HasAnETagThatRevalidates_RunsAndHealthDoNot()
    {
        await using var app = await TestApp.StartAsync();
        foreach (var endpoint in ApiEndpoints.Get(app))
        {
            using var response = await GetAsync(app, endpoint.SampleUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (endpoint.Pattern is "/api/runs" or "/healthz")
            {
                Assert.True(response.Headers.ETag is null, $"{endpoint}: runs and health change while the data does not");
                continue;
            }
            Assert.True(response.Headers.ETag is not null, $"{endpoint}: no ETag");
            using var again = await GetAsync(app, endpoint.SampleUrl, response.Headers.ETag.ToString());
            Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{endpoint}: {again.StatusCode}");
        }
    }

    [Fact]
    public async Task ETag_DiffersForCsvAndForAnotherQuestion_NotForParameterOrderNameCaseOrTheDefaultFormat()
    {
        await using var app = await TestApp.StartAsync();
        var json = await TagAsync(app, "/api/map?bnf=0401&metric=items");

        Assert.NotEqual(json, await TagAsync(app, "/api/map?bnf=0401&metric=items&format=csv"));
        Assert.NotEqual(json, await TagAsync(app, "/api/map?bnf=0403&metric=items"));
        Assert.NotEqual(json, await TagAsync(app, "/api/top?bnf=0401&metric=items"));
        Assert.Equal(json, await TagAsync(app, "/api/map?Metric=items&BNF=0401"));
        Assert.Equal(json, await TagAsync(app, "/api/map?bnf=0401&metric=items&format=json&region="));
    }

    [Fact]
    public async Task Csv_HasItsOwnTag_AndA304CarriesNoDownload()
    {
        await using var app = await TestApp.StartAsync();
        using var csv = await GetAsync(app, "/api/timeseries?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(csv.Content.Headers.ContentDisposition);

        using var again = await GetAsync(app, "/api/timeseries?format=csv", csv.Headers.ETag?.ToString());
        using var json = await GetAsync(app, "/api/timeseries", csv.Headers.ETag?.ToString());

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, json.StatusCode); // the CSV's tag is not the JSON's
    }

    [Fact]
    public async Task Reload_ChangesTheTag_SoTheOldTagGetsTheNewData()
    {
        var data = FakeDataset.Sample(6);
        var warehouse = new FakeWarehouse(new FakeQueries(data));
        await using var app = await TestApp.StartAsync(warehouse);
        const string url = "/api/map?bnf=0403&metric=items";
        using var first = await GetAsync(app, url);
        var before = first.Headers.ETag!;

        data.Rows.Add(new FakeRow("P00000", "0403030E0AAAAAA", new YearMonth(2024, 6), 1000, 0, 0, 0));
        warehouse.BumpDataVersion();
        using var after = await GetAsync(app, url, before.ToString());

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotNull(after.Headers.ETag);
        Assert.NotEqual(before, after.Headers.ETag);
        Assert.Equal(P0(await first.Content.ReadAsStringAsync()) + 1000, P0(await after.Content.ReadAsStringAsync()));
        using var revalidated = await GetAsync(app, url, after.Headers.ETag.ToString());
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        static long P0(string map) => System.Text.Json.JsonDocument.Parse(map).RootElement.EnumerateArray()
            .Single(e => e.GetProperty("practice_code").GetString() == "P00000").GetProperty("value").GetInt64();
    }

    [Fact]
    public async Task IfNoneMatch_ListsAndTheStrongFormMatch_AStarMatchesOnlyAnAnswerThatExists()
    {
        await using var app = await TestApp.StartAsync();
        var tag = await TagAsync(app, "/api/regions");

        using var listed = await GetAsync(app, "/api/regions", $"\"other\", {tag}");
        using var strong = await GetAsync(app, "/api/regions", tag.Tag);
        using var star = await GetAsync(app, "/api/regions", "*");
        using var other = await GetAsync(app, "/api/regions", "W/\"1-0000\"");
        using var garbage = await GetAsync(app, "/api/regions", "not an entity tag");
        using var badStar = await GetAsync(app, "/api/map?from=2024-13", "*");
        using var unknownStar = await GetAsync(app, "/api/practices/ZZ", "*");

        Assert.Equal(HttpStatusCode.NotModified, listed.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, strong.StatusCode); // If-None-Match compares weakly
        Assert.Equal(HttpStatusCode.NotModified, star.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStar.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownStar.StatusCode);
        Assert.Null(badStar.Headers.ETag);
        Assert.Null(unknownStar.Headers.ETag);
    }

    [Fact]
    public async Task ConfigTag_ChangesWithTheServersSettings_NotOnlyWithTheData()
    {
        await using var plain = await TestApp.StartAsync();
        await using var styled = await TestApp.StartAsync(options: new RxAtlasWebOptions { MapStyleUrl = "http://127.0.0.1:1/style.json" });
        await using var restarted = await TestApp.StartAsync();

        Assert.NotEqual(await TagAsync(plain, "/api/config"), await TagAsync(styled, "/api/config"));
        Assert.Equal(await TagAsync(plain, "/api/config"), await TagAsync(restarted, "/api/config")); // tags outlive a restart
    }

    /// <summary>The sample without February 2024, so answers over January–March carry a coverage header that says so.</summary>
    private static FakeDataset WithoutFebruary()
    {
        var data = FakeDataset.Sample(12);
        data.Rows.RemoveAll(r => r.Month == new YearMonth(2024, 2));
        return data;
    }

    /// <summary>Every data endpoint's sample request, over January–March where it takes a period.</summary>
    private static IEnumerable<string> DataUrls(TestApp app) => ApiEndpoints.Get(app)
        .Where(e => e.Pattern is not ("/api/runs" or "/healthz"))
        .SelectMany(e => e.QueryParameters.Contains("from")
            ? new[] { e.With("from=2024-01&to=2024-03"), e.QueryParameters.Contains("format") ? e.With("from=2024-01&to=2024-03&format=csv") : null }
            : [e.SampleUrl])
        .OfType<string>();

    /// <summary>The headers of <paramref name="response"/> that a 304 must repeat: all but the date and those describing a body.</summary>
    private static string Metadata(HttpResponseMessage response) => string.Join('\n', response.Headers
        .Where(h => h.Key is not "Date")
        .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
        .Order(StringComparer.Ordinal));

    private static async Task<HttpResponseMessage> SendAsync(TestApp app, HttpMethod method, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        return await app.Client.SendAsync(request);
    }

    [Fact]
    public async Task NotModified_CarriesEveryHeaderOfThe200_CoverageAndDataVersionToo_ForGetAndHead()
    {
        await using var app = await TestApp.StartAsync(WithoutFebruary());
        var urls = DataUrls(app).ToList();
        Assert.Contains("/api/map?from=2024-01&to=2024-03", urls);

        foreach (var url in urls)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                using var ok = await SendAsync(app, method, url);
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
                using var notModified = await SendAsync(app, method, url, ok.Headers.ETag?.ToString());

                Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{method} {url}: {notModified.StatusCode}");
                Assert.Equal(Metadata(ok), Metadata(notModified));
                Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            }
        }
        using var map = await SendAsync(app, HttpMethod.Get, "/api/map?from=2024-01&to=2024-03");
        using var mapAgain = await SendAsync(app, HttpMethod.Head, "/api/map?from=2024-01&to=2024-03", map.Headers.ETag?.ToString());
        Assert.Equal(["2024-02"], mapAgain.Headers.GetValues("X-RxAtlas-Months-Missing"));
        Assert.Equal(["2024-01,2024-03"], mapAgain.Headers.GetValues("X-RxAtlas-List-Size-Months-Missing")); // the fake has no list sizes
        Assert.Equal(["1"], mapAgain.Headers.GetValues("X-RxAtlas-Data-Version"));
    }

    [Fact]
    public async Task NotModified_AfterARestart_StillCarriesTheCoverageHeaders()
    {
        var warehouse = new FakeWarehouse(new FakeQueries(WithoutFebruary()));
        const string url = "/api/top?from=2024-01&to=2024-03&format=csv";
        string tag, metadata;
        await using (var before = await TestApp.StartAsync(warehouse))
        {
            using var ok = await GetAsync(before, url);
            tag = ok.Headers.ETag!.ToString();
            metadata = Metadata(ok);
        }
        await using var restarted = await TestApp.StartAsync(warehouse); // the same tag, but nothing cached

        using var notModified = await GetAsync(restarted, url, tag);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(metadata, Metadata(notModified));
        Assert.Equal(["2024-02"], notModified.Headers.GetValues("X-RxAtlas-Months-Missing"));
    }

    [Fact]
    public async Task DataVersionHeader_SaysTheVersion_AndChangesWithALoad()
    {
        var warehouse = new FakeWarehouse(new FakeQueries(FakeDataset.Sample(6)));
        await using var app = await TestApp.StartAsync(warehouse);
        using var before = await GetAsync(app, "/api/months");
        warehouse.BumpDataVersion();
        using var after = await GetAsync(app, "/api/months", before.Headers.ETag?.ToString());
        var health = await app.GetJsonAsync("/healthz");

        Assert.Equal(["1"], before.Headers.GetValues("X-RxAtlas-Data-Version"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal([health.GetProperty("data_version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            after.Headers.GetValues("X-RxAtlas-Data-Version"));
        Assert.Equal(["2"], after.Headers.GetValues("X-RxAtlas-Data-Version"));
    }

    [Theory]
    [InlineData("/api/map?from=2024-01&to=2024-03&per_1000=false", 1)]
    [InlineData("/api/top?bnf=0401&region=Y56", 1)]
    [InlineData("/api/timeseries?practice=P00001", 1)]
    [InlineData("/api/config", 1)]
    [InlineData("/api/regions", 1)]
    [InlineData("/api/practices/P00001?from=2024-01&to=2024-03", 2)] // once more after its queries: the consistency check
    public async Task DataRequest_ReadsTheDataVersionOnce_WhetherItQueriesOrIsCachedOr304(string url, int reads)
    {
        var warehouse = new FakeWarehouse(new FakeQueries(FakeDataset.Sample(12)));
        await using var app = await TestApp.StartAsync(warehouse);

        var start = warehouse.DataVersionReads;
        using var first = await GetAsync(app, url);
        var afterFirst = warehouse.DataVersionReads;
        using var cached = await GetAsync(app, url);
        var afterCached = warehouse.DataVersionReads;
        using var notModified = await GetAsync(app, url, first.Headers.ETag?.ToString());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(reads, afterFirst - start);
        Assert.Equal(reads, afterCached - afterFirst);
        Assert.Equal(1, warehouse.DataVersionReads - afterCached); // a 304 is decided before the handler runs
    }
}
