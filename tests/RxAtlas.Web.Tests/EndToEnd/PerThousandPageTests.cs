using System.Globalization;
using Microsoft.Playwright;
using RxAtlas.Core;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>The metric selector's "per 1,000 patients" options in headless Chromium over a real DuckDB warehouse, before and
/// after list sizes are loaded.</summary>
public sealed class PerThousandPageTests : IAsyncLifetime
{
    private static readonly YearMonth Latest = new(2024, 6);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-web-e2e", Guid.NewGuid().ToString("N"));
    private readonly FakeDataset _data = FakeDataset.Sample(40);
    private IWarehouse _warehouse = null!;
    private BrowserSession? _session;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _warehouse = new DuckDbWarehouse(Path.Combine(_folder, "w.duckdb"));
        await _warehouse.MigrateAsync();
        foreach (var release in _data.Releases()) await _warehouse.LoadMonthAsync(release);
        await _warehouse.PublishAsync();
    }

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        await _warehouse.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private async Task<IPage> OpenAsync(string query = "")
    {
        _session ??= await BrowserSession.StartAsync(_warehouse);
        return await _session.OpenAsync("/" + query);
    }

    private static Task<int> RateOptionsAsync(IPage page) => page.Locator("#metric option[value$='_per_1000']").CountAsync();

    [BrowserFact]
    public async Task MetricSelector_NoListSizes_OffersNoRatesAndASharedRateLinkFallsBackToTotals()
    {
        var page = await OpenAsync("?metric=items&per1000=1");

        Assert.Equal(0, await RateOptionsAsync(page));
        Assert.Equal("items", await page.InputValueAsync("#metric"));
    }

    [BrowserFact]
    public async Task MetricSelector_ListSizesLoaded_OffersRatesAndDrawsThem()
    {
        // Every real practice but P00003 has a list size in June.
        var sizes = _data.Practices.Where(p => p.Code.StartsWith('P') && p.Code != "P00003")
            .Select(p => new PracticeListSize(p.Code, Latest, 1_000 + 10 * int.Parse(p.Code[1..], CultureInfo.InvariantCulture))).ToList();
        await _warehouse.LoadListSizesAsync(Latest, sizes);
        var page = await OpenAsync();
        var mapped = int.Parse(await page.GetAttributeAsync("#map", "data-practice-count") ?? "-1", CultureInfo.InvariantCulture);

        Assert.Equal(4, await RateOptionsAsync(page));
        await page.SelectOptionAsync("#metric", "items_per_1000");
        await page.WaitForURLAsync(url => url.Contains("per1000=1", StringComparison.Ordinal) && url.Contains("metric=items", StringComparison.Ordinal));
        await page.WaitForFunctionAsync("() => document.querySelector('#top-title').textContent.includes('per 1,000 patients')");
        // The map redraws on its own schedule (after MapLibre goes idle), so its legend is awaited, not read at once.
        await page.WaitForFunctionAsync("() => document.querySelector('#legend').textContent.includes('grey: no list size')",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });

        // Unsized practices stay on the map (grey); the chart's first row is the best exact rate.
        Assert.Equal(mapped, int.Parse(await page.GetAttributeAsync("#map", "data-practice-count") ?? "-1", CultureInfo.InvariantCulture));
        var best = _data.Rows.Where(r => r.Month == Latest && r.Practice.StartsWith('P') && r.Practice != "P00003")
            .GroupBy(r => r.Practice)
            .Select(g => (Code: g.Key, Rate: 1000m * g.Sum(r => r.Items) / sizes.Single(s => s.PracticeCode == g.Key).Patients))
            .OrderByDescending(x => x.Rate).ThenBy(x => x.Code, StringComparer.Ordinal).First();
        var first = await page.Locator("#top-chart ~ table tbody tr").First.InnerTextAsync();
        Assert.Contains(best.Code, first, StringComparison.Ordinal);
        Assert.EndsWith(best.Rate.ToString("#,0.##", CultureInfo.InvariantCulture), first.TrimEnd(), StringComparison.Ordinal);
        Assert.StartsWith("1 grey: no list size", await page.InnerTextAsync("#legend .no-data"), StringComparison.Ordinal);
    }
}
