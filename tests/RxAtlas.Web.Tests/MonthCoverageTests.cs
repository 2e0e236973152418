using System.Net.Http.Json;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>A period with months not loaded says which, in JSON and CSV alike, instead of passing for the whole period.</summary>
public sealed class MonthCoverageTests
{
    private const string Header = "X-RxAtlas-Months-Missing";

    /// <summary>The sample without February 2024 (and so without its prescribing).</summary>
    private static FakeDataset WithoutFebruary()
    {
        var data = FakeDataset.Sample(12);
        data.Rows.RemoveAll(r => r.Month == new YearMonth(2024, 2));
        return data;
    }

    private static async Task<string?> MissingAsync(TestApp app, string url)
    {
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}");
        return response.Headers.TryGetValues(Header, out var values) ? string.Join(',', values) : null;
    }

    [Theory]
    [InlineData("/api/map?from=2024-01&to=2024-03&format=csv")]
    [InlineData("/api/map?from=2024-01&to=2024-03")]
    [InlineData("/api/map?from=2024-01&to=2024-03&unlocated=true&metric=items")]
    [InlineData("/api/top?from=2024-01&to=2024-03&format=csv")]
    [InlineData("/api/top?from=2024-01&to=2024-03")]
    [InlineData("/api/timeseries?from=2024-01&to=2024-03&format=csv")]
    [InlineData("/api/timeseries?from=2024-01&to=2024-03")]
    [InlineData("/api/practices/P00001?from=2024-01&to=2024-03")]
    public async Task DataAnswer_MonthNotLoaded_HeaderNamesIt(string url)
    {
        await using var app = await TestApp.StartAsync(WithoutFebruary());

        Assert.Equal("2024-02", await MissingAsync(app, url));
    }

    [Theory]
    [InlineData("/api/map?from=2024-01&to=2024-03")]
    [InlineData("/api/top?from=2024-01&to=2024-03&format=csv")]
    [InlineData("/api/timeseries?from=2024-03&to=2024-06")]
    [InlineData("/api/map")]
    public async Task DataAnswer_EveryMonthLoaded_HeaderPresentAndEmpty(string url)
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal("", await MissingAsync(app, url));
    }

    [Fact]
    public async Task Map_PeriodBeyondTheLoadedMonths_ListsEveryMissingMonthInOrder()
    {
        await using var app = await TestApp.StartAsync(WithoutFebruary());

        Assert.Equal("2023-11,2023-12,2024-02,2024-07", await MissingAsync(app, "/api/map?from=2023-11&to=2024-07"));
    }

    [Fact]
    public async Task Practice_MonthNotLoaded_JsonSaysWhichToo()
    {
        await using var app = await TestApp.StartAsync(WithoutFebruary());

        var practice = await app.GetJsonAsync("/api/practices/P00001?from=2024-01&to=2024-03");
        var whole = await app.GetJsonAsync("/api/practices/P00001?from=2024-03&to=2024-04");

        Assert.Equal(["2024-02"], practice.GetProperty("months_missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(0, whole.GetProperty("months_missing").GetArrayLength());
    }

    [Fact]
    public async Task OpenApi_DeclaresTheHeaders_OnThe200AndThe304()
    {
        await using var app = await TestApp.StartAsync();

        var document = await app.Client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/map", "/api/top", "/api/timeseries", "/api/practices/{code}" })
        {
            foreach (var status in new[] { "200", "304" }) // a 304 repeats the 200's headers
            {
                var headers = paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty(status).GetProperty("headers");
                Assert.True(headers.TryGetProperty(Header, out _), $"{path} {status}");
                Assert.True(headers.TryGetProperty("X-RxAtlas-Data-Version", out _), $"{path} {status}");
                Assert.Equal(path is "/api/map" or "/api/top", headers.TryGetProperty("X-RxAtlas-List-Size-Months-Missing", out _));
            }
        }
    }
}
