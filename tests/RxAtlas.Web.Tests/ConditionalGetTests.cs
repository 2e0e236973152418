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
}
