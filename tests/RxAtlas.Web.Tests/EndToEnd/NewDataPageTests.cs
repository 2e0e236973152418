using Microsoft.Playwright;
using RxAtlas.Core;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>A month loaded into a real DuckDB warehouse while the map page is open in headless Chromium: the page notices
/// the new data version on an answer it gets anyway (or, left untouched, when shown again), offers the new month, drops the
/// stale warning and keeps the user's selection.</summary>
public sealed class NewDataPageTests : IAsyncLifetime
{
    private static readonly YearMonth June = new(2024, 6);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-web-e2e", Guid.NewGuid().ToString("N"));
    private readonly FakeDataset _data = FakeDataset.Sample(40);
    private IWarehouse _warehouse = null!;
    private BrowserSession? _session;

    /// <summary>How long the page may take to notice: it reacts to the next answer, so this only bounds a failing test.</summary>
    private static readonly PageWaitForFunctionOptions Noticed = new() { Timeout = 15_000 };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _warehouse = new DuckDbWarehouse(Path.Combine(_folder, "w.duckdb"));
        await _warehouse.MigrateAsync();
        foreach (var release in _data.Releases().Where(r => r.Month < June)) await _warehouse.LoadMonthAsync(release);
        await _warehouse.PublishAsync();
    }

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        await _warehouse.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private async Task<IPage> OpenAsync(string query)
    {
        _session ??= await BrowserSession.StartAsync(_warehouse);
        return await _session.OpenAsync("/" + query);
    }

    private async Task LoadJuneAsync()
    {
        await _warehouse.LoadMonthAsync(_data.Releases().Single(r => r.Month == June));
        await _warehouse.PublishAsync();
    }

    private static Task<int> JuneOptionsAsync(IPage page) => page.Locator("#month-from option[value='2024-06']").CountAsync();

    [BrowserFact]
    public async Task MonthLoadedWhileOpen_TheNextAnswerShowsIt_TheWarningGoesAndTheSelectionStays()
    {
        var page = await OpenAsync("?period=range&from=2024-04&to=2024-06&region=Y58&metric=items");
        Assert.Equal("Jun 2024 is not loaded: the figures for Apr 2024 – Jun 2024 cover the other 2 of its 3 months only.",
            await page.InnerTextAsync("#notice"));
        Assert.Equal(0, await JuneOptionsAsync(page));

        await LoadJuneAsync();
        await page.SelectOptionAsync("#metric", "nic"); // any request: its answer carries the new data version

        await page.WaitForFunctionAsync("() => document.querySelector(\"#month-to option[value='2024-06']\") !== null", null, Noticed);
        await page.WaitForFunctionAsync("() => document.querySelector('#notice').hidden", null, Noticed);
        Assert.Equal(1, await JuneOptionsAsync(page));
        Assert.Equal("range", await page.InputValueAsync("#period-mode"));
        Assert.Equal("2024-04", await page.InputValueAsync("#month-from"));
        Assert.Equal("2024-06", await page.InputValueAsync("#month-to"));
        Assert.Equal("Y58", await page.InputValueAsync("#region"));
        Assert.Equal("nic", await page.InputValueAsync("#metric"));
        Assert.Equal(["South West"], await page.Locator("#region option[value='Y58']").AllInnerTextsAsync());
        Assert.Contains("region=Y58", page.Url, StringComparison.Ordinal);
        Assert.Contains("to=2024-06", page.Url, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => document.querySelector(\"#series-chart ~ table tbody tr[data-key='2024-06']\") !== null", null, Noticed);
    }

    [BrowserFact]
    public async Task MonthLoadedWhileOpenAndUntouched_NoticedWhenThePageIsShownAgain_TheChosenMonthStays()
    {
        var page = await OpenAsync("?from=2024-05");
        Assert.Equal(0, await JuneOptionsAsync(page));

        await LoadJuneAsync();
        await page.EvaluateAsync("() => document.dispatchEvent(new Event('visibilitychange'))");

        await page.WaitForFunctionAsync("() => document.querySelector(\"#month-from option[value='2024-06']\") !== null", null, Noticed);
        await page.WaitForFunctionAsync("() => document.querySelector(\"#series-chart ~ table tbody tr[data-key='2024-06']\") !== null", null, Noticed);
        Assert.Equal("2024-05", await page.InputValueAsync("#month-from"));
        Assert.Equal("", await page.EvalOnSelectorAsync<string>("#status", "s => s.classList.contains('error') ? s.textContent : ''"));
    }
}
