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
        Assert.Equal("No list sizes are loaded, so the link's rates per 1,000 patients cannot be shown: totals are shown.",
            await page.InnerTextAsync("#notice"));
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
        await page.WaitForURLAsync(url => url.Contains("per_1000=true", StringComparison.Ordinal) && url.Contains("metric=items", StringComparison.Ordinal));
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

        // A link from before the URL used the API's name (per1000=1) still opens the rate.
        var old = await OpenAsync("?metric=actual_cost&per1000=1");
        Assert.Equal("actual_cost_per_1000", await old.InputValueAsync("#metric"));
        Assert.True(await old.IsHiddenAsync("#notice"));
    }

    /// <summary>List sizes for June only. May alone has no rate anywhere: the legend and the top-N card say so rather than
    /// drawing "≤ 0 … ≥ 0" and an empty chart. May–June: every sized practice has a rate (from June, scaled), and the page
    /// says May has no list sizes.</summary>
    [BrowserFact]
    public async Task PerThousand_MonthsWithoutListSizes_ExplainedNotEmpty()
    {
        var sizes = _data.Practices.Where(p => p.Code.StartsWith('P'))
            .Select(p => new PracticeListSize(p.Code, Latest, 1_000 + 10 * int.Parse(p.Code[1..], CultureInfo.InvariantCulture))).ToList();
        await _warehouse.LoadListSizesAsync(Latest, sizes);

        var may = await OpenAsync("?from=2024-05&metric=items&per_1000=true");
        await may.WaitForFunctionAsync("() => document.querySelector('#legend').textContent.includes('no rates to colour')",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.DoesNotContain("≤", await may.InnerTextAsync("#legend"), StringComparison.Ordinal);
        Assert.Contains("grey: no list size in any month of the period", await may.InnerTextAsync("#legend .no-data"), StringComparison.Ordinal);
        Assert.Equal("No practice has a list size in this period, so none has a rate per 1,000 patients to rank.", await may.InnerTextAsync("#top-note"));
        Assert.True(await may.IsHiddenAsync("#top-box"));
        Assert.DoesNotContain("Top 0", await may.InnerTextAsync("#top-title"), StringComparison.Ordinal);

        var range = await OpenAsync("?period=range&from=2024-05&to=2024-06&metric=items&per_1000=true");
        await range.WaitForFunctionAsync("() => document.querySelector('#map').dataset.renders === '1'", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Equal("No list sizes are loaded for May 2024: each practice's rate comes from the months it has a list size for, scaled to the period.",
            await range.InnerTextAsync("#notice"));
        Assert.Equal(30, int.Parse(await range.GetAttributeAsync("#top-chart", "data-count") ?? "0", CultureInfo.InvariantCulture));
        Assert.Equal("1 practice without a list size in the period is not ranked.", await range.InnerTextAsync("#top-note")); // N00001
        Assert.Contains("≤", await range.InnerTextAsync("#legend"), StringComparison.Ordinal);
    }
}
