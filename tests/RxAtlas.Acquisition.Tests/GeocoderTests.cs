using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RxAtlas.Acquisition.Geocoding;
using RxAtlas.Acquisition.Tests.Fakes;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Tests;

public sealed class PostcodesIoGeocoderTests : IAsyncLifetime
{
    private FakeUpstream _server = null!;
    private readonly HttpClient _http = SourceCatalog.CreateHttpClient();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private int _bulkFailuresLeft;
    private string? _poisoned; // a batch holding this postcode always fails
    private int _inFlight;
    private int _maxInFlight;

    public async Task InitializeAsync()
    {
        _server = await FakeUpstream.StartAsync();
        _server.Map("/postcodes", BulkAsync);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>postcodes.io's bulk endpoint: 400 for more than 100, a result per query (null when unknown), order kept.</summary>
    private async Task BulkAsync(HttpContext ctx)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            await Task.Delay(20); // hold the request open so concurrent ones overlap
            await AnswerBulkAsync(ctx);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private async Task AnswerBulkAsync(HttpContext ctx)
    {
        if (Interlocked.Decrement(ref _bulkFailuresLeft) >= 0)
        {
            ctx.Response.StatusCode = 500;
            return;
        }
        var body = FakeUpstream.BodyOf(ctx);
        var postcodes = JsonDocument.Parse(body).RootElement.GetProperty("postcodes").EnumerateArray().Select(p => p.GetString()!).ToList();
        if (_poisoned is not null && postcodes.Contains(_poisoned))
        {
            ctx.Response.StatusCode = 500;
            return;
        }
        if (postcodes.Count > 100)
        {
            await FakeUpstream.WriteJson(ctx, new { status = 400, error = "Too many postcodes submitted. Up to 100 postcodes can be bulk requested at a time" }, 400);
            return;
        }
        var results = postcodes.Select(p => new
        {
            query = p,
            result = _known.Contains(p.Replace(" ", "", StringComparison.Ordinal)) ? Result(p) : null,
        });
        await FakeUpstream.WriteJson(ctx, new { status = 200, result = results });
    }

    private static object Result(string postcode) => new
    {
        postcode,
        quality = 1,
        eastings = 445000,
        northings = 518000,
        country = "England",
        longitude = -1.31,
        latitude = 54.56,
        region = "North East",
        admin_district = "Stockton-on-Tees",
        admin_county = (string?)null,
        ccg = "NHS North East and North Cumbria ICB - 16C",
        icb = "NHS North East and North Cumbria Integrated Care Board",
        codes = new { admin_district = "E06000004", ccg = "E38000247", ccg_id = "16C", nuts = "TLC11" },
    };

    private PostcodesIoGeocoder NewGeocoder(IPostcodeCache? cache = null, int batchSize = 100) =>
        new(_http, new PostcodesIoOptions { BaseUrl = _server.BaseUrl.AbsoluteUri, BatchSize = batchSize, MaxConcurrency = 3, RequestsPerSecond = 1000 },
            TestData.FastRetries(), cache);

    [Fact]
    public async Task Geocode_250Postcodes_NeverMoreThan100PerRequestAndEveryInputAnswered()
    {
        var postcodes = Enumerable.Range(0, 250).Select(i => $"Z{i:D3} 1AA").ToList();
        foreach (var p in postcodes) _known.Add(p.Replace(" ", "", StringComparison.Ordinal));
        using var geocoder = NewGeocoder(batchSize: 500);

        var results = await geocoder.GeocodeAsync(postcodes);

        var bulk = _server.RequestsTo("/postcodes");
        Assert.Equal(3, bulk.Count);
        Assert.All(bulk, r => Assert.InRange(JsonDocument.Parse(r.Body).RootElement.GetProperty("postcodes").GetArrayLength(), 1, 100));
        Assert.Equal(postcodes, results.Select(r => r.Postcode));
        Assert.All(results, r => Assert.NotNull(r.Latitude));
    }

    [Fact]
    public async Task Geocode_ManyBatches_NeverMoreRequestsInFlightThanTheLimit()
    {
        var postcodes = Enumerable.Range(0, 600).Select(i => $"X{i:D3} 3CC").ToList();
        foreach (var p in postcodes) _known.Add(p.Replace(" ", "", StringComparison.Ordinal));
        using var geocoder = new PostcodesIoGeocoder(_http,
            new PostcodesIoOptions { BaseUrl = _server.BaseUrl.AbsoluteUri, BatchSize = 50, MaxConcurrency = 2, RequestsPerSecond = 0 },
            TestData.FastRetries());

        var results = await geocoder.GeocodeAsync(postcodes);

        Assert.Equal(12, _server.RequestsTo("/postcodes").Count);
        Assert.InRange(_maxInFlight, 1, 2);
        Assert.Equal(600, results.Count(r => r.Latitude is not null));
    }

    [Fact]
    public async Task Geocode_101PostcodesAnswered400ByServer_GeocoderSplitsSoNoRequestIsRefused()
    {
        var postcodes = Enumerable.Range(0, 101).Select(i => $"Y{i:D3} 2BB").ToList();
        foreach (var p in postcodes) _known.Add(p.Replace(" ", "", StringComparison.Ordinal));
        using var geocoder = NewGeocoder();

        var results = await geocoder.GeocodeAsync(postcodes);

        Assert.Equal([100, 1], _server.RequestsTo("/postcodes").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("postcodes").GetArrayLength()).Order().Reverse());
        Assert.Equal(101, results.Count(r => r.Latitude is not null));
    }

    [Fact]
    public async Task Geocode_NullResults_TerminatedLookupThenUnresolvedKeptWithNullCoordinates()
    {
        _known.Add("TS58SB");
        _server.Map("/terminated_postcodes/TS18 1HU", ctx => FakeUpstream.WriteJson(ctx, new
        {
            status = 200,
            result = new { postcode = "TS18 1HU", year_terminated = 2019, month_terminated = 6, longitude = -1.32, latitude = 54.57 },
        }));
        _server.Map("/terminated_postcodes/ZZ9 9ZZ", ctx => FakeUpstream.WriteJson(ctx, new { status = 404, error = "Terminated postcode not found" }, 404));
        using var geocoder = NewGeocoder();

        var results = await geocoder.GeocodeAsync(["ts5  8sb ", "TS181HU", "ZZ9 9ZZ", "  "]);

        Assert.Equal(4, results.Count);
        Assert.Equal(("TS5 8SB", 54.56, -1.31), (results[0].Postcode, results[0].Latitude, results[0].Longitude));
        Assert.Equal(("TS18 1HU", 54.57, -1.32), (results[1].Postcode, results[1].Latitude, results[1].Longitude));
        Assert.Equal(("ZZ9 9ZZ", (double?)null, (double?)null), (results[2].Postcode, results[2].Latitude, results[2].Longitude));
        Assert.Null(results[3].Latitude);
        var sent = JsonDocument.Parse(Assert.Single(_server.RequestsTo("/postcodes")).Body).RootElement.GetProperty("postcodes").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["TS5 8SB", "TS18 1HU", "ZZ9 9ZZ"], sent);
    }

    [Fact]
    public async Task Geocode_MapsCountyRegionIcbAndSubIcb()
    {
        _known.Add("TS58SB");
        using var geocoder = NewGeocoder();

        var location = Assert.Single(await geocoder.GeocodeAsync(["TS5 8SB"]));

        Assert.Equal("Stockton-on-Tees", location.County);
        Assert.Equal("North East", location.RegionName);
        Assert.Equal("NHS North East and North Cumbria Integrated Care Board", location.IcbName);
        Assert.Equal(("16C", "NHS North East and North Cumbria ICB - 16C"), (location.SubIcbCode, location.SubIcbName));
    }

    [Fact]
    public async Task Geocode_ServerErrorsThenRecovers_Retried()
    {
        _known.Add("TS58SB");
        _bulkFailuresLeft = 2;
        using var geocoder = NewGeocoder();

        var location = Assert.Single(await geocoder.GeocodeAsync(["TS5 8SB"]));

        Assert.Equal(3, _server.RequestsTo("/postcodes").Count);
        Assert.NotNull(location.Latitude);
    }

    [Fact]
    public async Task Geocode_ServerKeepsFailing_ThrowsInsteadOfSkippingTheBatch()
    {
        _bulkFailuresLeft = 1000;
        using var geocoder = NewGeocoder();

        await Assert.ThrowsAsync<TransientHttpException>(() => geocoder.GeocodeAsync(["TS5 8SB"]));
    }

    [Fact]
    public async Task Geocode_OneBatchFailsForGood_TheBatchesThatSucceededAreCachedAndNotAskedAgain()
    {
        var good = Enumerable.Range(0, 50).Select(i => $"G{i:D2} 1AA").ToList();
        foreach (var p in good) _known.Add(p.Replace(" ", "", StringComparison.Ordinal));
        _poisoned = "FA1 1LL";
        var cache = new InMemoryPostcodeCache();
        using var geocoder = new PostcodesIoGeocoder(_http,
            new PostcodesIoOptions { BaseUrl = _server.BaseUrl.AbsoluteUri, BatchSize = 50, MaxConcurrency = 1, RequestsPerSecond = 0 },
            TestData.FastRetries(), cache);

        await Assert.ThrowsAsync<TransientHttpException>(() => geocoder.GeocodeAsync([.. good, "FA1 1LL"]));

        Assert.Equal(50, cache.Count);
        _poisoned = null;
        var before = _server.RequestsTo("/postcodes").Count;
        var answers = await geocoder.GeocodeAsync([.. good, "FA1 1LL"]);
        var asked = _server.RequestsTo("/postcodes").Skip(before).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("postcodes").GetArrayLength());
        Assert.Equal([1], asked); // only the postcode still missing
        Assert.All(answers.Take(50), a => Assert.NotNull(a.Latitude));
    }

    [Fact]
    public async Task Geocode_SecondCallWithCache_AsksNothing()
    {
        _known.Add("TS58SB");
        var cache = new InMemoryPostcodeCache();
        using var geocoder = NewGeocoder(cache);
        await geocoder.GeocodeAsync(["TS5 8SB", "ZZ9 9ZZ"]);
        var before = _server.Requests.Count;

        var again = await geocoder.GeocodeAsync(["ts58sb", "ZZ99ZZ"]);

        Assert.Equal(before, _server.Requests.Count);
        Assert.NotNull(again[0].Latitude);
        Assert.Null(again[1].Latitude);
        Assert.Equal(2, cache.Count);
    }
}

public sealed class PostcodeCacheTests
{
    [Fact]
    public async Task JsonFileCache_WrittenThenReopened_ReturnsTheSameLocations()
    {
        using var temp = new TempFolder();
        var path = temp.File("cache/postcodes.json");
        var stored = new PostcodeLocation("TS5 8SB", 54.56, -1.31, SubIcbCode: "16C");
        await new JsonFilePostcodeCache(path).SetAsync([stored, new PostcodeLocation("ZZ9 9ZZ", null, null)]);

        var reopened = new JsonFilePostcodeCache(path);
        var found = await reopened.GetAsync(["ts5 8sb", "ZZ99ZZ", "AB1 2CD"]);

        Assert.Equal(stored, found["TS58SB"]);
        Assert.Null(found["ZZ99ZZ"].Latitude);
        Assert.False(found.ContainsKey("AB12CD"));
    }

    [Fact]
    public void JsonFileCache_CorruptFile_ThrowsDataFormatExceptionNamingIt()
    {
        using var temp = new TempFolder();
        var path = temp.File("postcodes.json");
        File.WriteAllText(path, "{not json");

        var error = Assert.Throws<DataFormatException>(() => new JsonFilePostcodeCache(path));

        Assert.Equal(path, error.File);
    }
}
