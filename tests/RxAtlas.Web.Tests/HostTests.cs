using System.Net;

namespace RxAtlas.Web.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Healthz_ReportsEngineAndDataVersion()
    {
        await using var app = await TestApp.StartAsync();
        var health = await app.GetJsonAsync("/healthz");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("fake", health.GetProperty("engine").GetString());
        Assert.Equal(1, health.GetProperty("data_version").GetInt64());
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryResource()
    {
        await using var app = await TestApp.StartAsync();
        var doc = await app.GetJsonAsync("/openapi/v1.json");

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/map", "/api/timeseries", "/api/top", "/api/bnf", "/api/bnf/children", "/api/bnf/{code}/children",
                     "/api/practices", "/api/practices/{code}", "/api/months", "/api/regions", "/api/icbs", "/api/runs", "/healthz" })
        {
            Assert.Contains(path, paths);
        }
        Assert.Contains("\"practice_code\"", doc.GetProperty("components").ToString(), StringComparison.Ordinal);
        Assert.Contains("HEAD", doc.GetProperty("info").GetProperty("description").GetString(), StringComparison.Ordinal);
        var metric = doc.GetProperty("paths").GetProperty("/api/map").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "metric");
        Assert.Equal(["nic", "actual_cost", "items", "quantity"], metric.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("quantity is in each presentation's own unit (tablets, ml, grams…), so it is meaningful only within one presentation",
            metric.GetProperty("description").GetString(), StringComparison.Ordinal);
        var undescribed = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().SelectMany(op => op.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<System.Text.Json.JsonElement>())
                .Where(p => !p.TryGetProperty("description", out var d) || string.IsNullOrEmpty(d.GetString()))
                .Select(p => $"{path.Name} {p.GetProperty("name").GetString()}"))
            .ToList();
        Assert.Empty(undescribed);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/runs.html", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/lib/maplibre-gl/maplibre-gl.mjs", "text/javascript")]
    [InlineData("/lib/maplibre-gl/maplibre-gl-worker.mjs", "text/javascript")]
    [InlineData("/lib/maplibre-gl/maplibre-gl.css", "text/css")]
    [InlineData("/lib/chart.js/chart.umd.min.js", "text/javascript")]
    public async Task StaticFiles_AreServedFromTheAssembly(string path, string mediaType)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 100);
    }

    [Fact]
    public async Task UnknownPath_Is404()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/nothing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Map_ClientAcceptsGzip_ResponseIsCompressed()
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/map", UriKind.Relative));
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var unzipped = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var map = await System.Text.Json.JsonSerializer.DeserializeAsync<System.Text.Json.JsonElement>(unzipped);
        Assert.Equal(app.Fake.Data.MappedPractices(new RxAtlas.Core.YearMonth(2024, 6)), map.GetArrayLength());
    }
}
