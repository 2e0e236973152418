using RxAtlas.Warehouse;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>
/// The API over a real warehouse must answer exactly as over the in-memory fake, byte for byte, for the same data.
/// Subclass per engine at integration, e.g.
/// <code>public sealed class DuckDbWebApiTests : RealWarehouseApiTests
/// { protected override Task&lt;IWarehouse&gt; CreateEmptyWarehouseAsync(string folder) =&gt; Task.FromResult&lt;IWarehouse&gt;(new DuckDbWarehouse(Path.Combine(folder, "w.duckdb"))); }</code>
/// </summary>
public abstract class RealWarehouseApiTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-web-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeDataset _data = FakeDataset.Sample(12);
    private IWarehouse? _warehouse;
    private TestApp? _real;
    private TestApp? _fake;

    /// <summary>A new, empty warehouse (files, if any, under <paramref name="folder"/>, deleted afterwards).</summary>
    protected abstract Task<IWarehouse> CreateEmptyWarehouseAsync(string folder);

    /// <summary>Releases the warehouse (and anything the subclass created for it, such as a server database).</summary>
    protected virtual async Task DisposeWarehouseAsync(IWarehouse warehouse) => await warehouse.DisposeAsync();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _warehouse = await CreateEmptyWarehouseAsync(_folder);
        await _warehouse.MigrateAsync();
        foreach (var release in _data.Releases()) await _warehouse.LoadMonthAsync(release);
        await _warehouse.PublishAsync();
        _real = await TestApp.StartAsync(_warehouse);
        _fake = await TestApp.StartAsync(_data);
    }

    public async Task DisposeAsync()
    {
        if (_real is not null) await _real.DisposeAsync();
        if (_fake is not null) await _fake.DisposeAsync();
        if (_warehouse is not null) await DisposeWarehouseAsync(_warehouse);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("/api/months")]
    [InlineData("/api/regions")]
    [InlineData("/api/map")]
    [InlineData("/api/map?bnf=0401")]
    [InlineData("/api/map?bnf=0401010T0AAAAAA,0212&metric=items&from=2024-01&to=2024-03")]
    [InlineData("/api/map?region=Y58&metric=actual_cost")]
    [InlineData("/api/map?unlocated=true&from=2024-01&to=2024-06")]
    [InlineData("/api/map?format=csv&bnf=0403&metric=quantity")]
    [InlineData("/api/timeseries?from=2024-01&to=2024-06")]
    [InlineData("/api/timeseries?bnf=0212&region=Y56&from=2024-01&to=2024-06")]
    [InlineData("/api/timeseries?practice=P00004&from=2024-01&to=2024-06&format=csv")]
    [InlineData("/api/top?bnf=04&metric=quantity&n=3")]
    [InlineData("/api/top?bnf=0403&metric=nic&n=4&from=2024-02&to=2024-05")]
    [InlineData("/api/bnf?q=temaz")]
    [InlineData("/api/bnf?q=0403")]
    [InlineData("/api/bnf/children")]
    [InlineData("/api/bnf/04/children")]
    [InlineData("/api/bnf/0401010T0AA/children")]
    [InlineData("/api/practices?q=nowhere")]
    [InlineData("/api/practices?q=P00%20001")]
    [InlineData("/api/practices/P00001?metric=items&n=2")]
    [InlineData("/api/practices/N00001")]
    [InlineData("/api/map?region=XX1")]
    [InlineData("/api/icbs")]
    [InlineData("/api/map?icb=QHM&metric=items")]
    [InlineData("/api/map?region=Y58&sub_icb=W2U3Z&unlocated=true&from=2024-01&to=2024-06")]
    [InlineData("/api/timeseries?bnf=0403&icb=QUY&sub_icb=15C&from=2024-01&to=2024-06&format=csv")]
    [InlineData("/api/top?bnf=04&sub_icb=00L00&n=5&format=csv")]
    [InlineData("/api/top?bnf=0401010T0AAAAAA&icb=QKK&metric=quantity&n=3")]
    [InlineData("/api/practices/P00004")]
    [InlineData("/api/map?icb=QMJ&sub_icb=72Q")]
    [InlineData("/api/map?region=Y56&icb=QHM")]
    [InlineData("/api/timeseries?practice=P00001&icb=QHM")]
    [InlineData("/api/map?icb=QZZ")]
    public async Task Api_RealWarehouse_AnswersExactlyAsTheFake(string url)
    {
        using var expected = await _fake!.Client.GetAsync(new Uri(url, UriKind.Relative));
        using var actual = await _real!.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(expected.StatusCode, actual.StatusCode);
        var want = await expected.Content.ReadAsStringAsync();
        var got = await actual.Content.ReadAsStringAsync();
        if (!expected.IsSuccessStatusCode)
        {
            // ProblemDetails carry a per-request trace id: compare what was wrong, not the envelope.
            static string Errors(string problem) => System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("errors").ToString();
            (want, got) = (Errors(want), Errors(got));
        }
        Assert.Equal(want, got);
    }

    [Theory]
    [InlineData("P00 001")]
    [InlineData("p00001")]
    [InlineData(" P 0 0 0 0 1 ")]
    public async Task PracticeSearch_SpacesInACode_AreIgnored(string typed)
    {
        var found = await _real!.GetJsonAsync($"/api/practices?q={Uri.EscapeDataString(typed)}");

        Assert.Equal("P00001", found.EnumerateArray().First().GetProperty("practice_code").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&region=Y56")]
    [InlineData("&bnf=0401")]
    [InlineData("&icb=QUY")]
    [InlineData("&region=Y63&sub_icb=02T")]
    public async Task Map_WithUnlocated_ListsEveryPrescriberUnidentifiedIncluded_SoItsTotalsEqualTheTimeSeries(string filter)
    {
        var map = await _real!.GetJsonAsync($"/api/map?unlocated=true&metric=items&from=2024-01&to=2024-06{filter}");
        var series = await _real.GetJsonAsync($"/api/timeseries?from=2024-01&to=2024-06{filter}");

        Assert.Equal(series.EnumerateArray().Sum(m => m.GetProperty("items").GetInt64()), map.EnumerateArray().Sum(p => p.GetProperty("items").GetInt64()));
        Assert.Equal(series.EnumerateArray().Sum(m => m.GetProperty("nic").GetDecimal()), map.EnumerateArray().Sum(p => p.GetProperty("nic").GetDecimal()));
        if (filter.Length == 0)
        {
            var unidentified = Assert.Single(map.EnumerateArray(), p => p.GetProperty("is_unidentified").GetBoolean());
            Assert.Equal("Q99998", unidentified.GetProperty("practice_code").GetString());
        }
        var located = await _real.GetJsonAsync($"/api/map?from=2024-01&to=2024-06{filter}");
        Assert.DoesNotContain(located.EnumerateArray(), p => p.GetProperty("is_unidentified").GetBoolean());
    }
}
