using System.Text.Json;
using Microsoft.Playwright;
using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>A period with a month not loaded (March 2024 here) and long practice names, in headless Chromium over a fake
/// warehouse: the page warns, the monthly chart leaves a gap, and the top-N labels are never clipped at the start.</summary>
public sealed class GapsAndLabelsPageTests : IAsyncLifetime
{
    private const string LongName = "OORSIDE MEDICAL CENTRE AND THE VERY LONG NAMED BRANCH SURGERY";
    private readonly FakeDataset _data = WithoutMarch();
    private BrowserSession _session = null!;

    private static FakeDataset WithoutMarch()
    {
        var data = FakeDataset.Sample(40);
        data.Rows.RemoveAll(r => r.Month == new YearMonth(2024, 3));
        for (var i = 0; i < data.Practices.Count; i++)
        {
            if (data.Practices[i].Code.StartsWith('P')) data.Practices[i] = data.Practices[i] with { Name = $"{LongName} {i}" };
        }
        return data;
    }

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(new FakeWarehouse(new FakeQueries(_data)));

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }

    [BrowserFact]
    public async Task Period_WithAMonthNotLoaded_WarnsAndTheMonthlyChartHasAGapNotAZero()
    {
        var page = await _session.OpenAsync("/?period=range&from=2024-02&to=2024-04");

        Assert.False(await page.IsHiddenAsync("#notice"));
        Assert.Equal("Mar 2024 is not loaded: the figures for Feb 2024 – Apr 2024 cover the other 2 of its 3 months only.",
            await page.InnerTextAsync("#notice"));
        Assert.Equal("2024-03", await page.GetAttributeAsync("#series-chart", "data-gaps"));
        Assert.Equal("not loaded", (await page.InnerTextAsync("#series-chart ~ table tbody tr[data-key='2024-03'] td:nth-child(2)")).Trim());
        var points = await page.EvaluateAsync<JsonElement>("""
            () => {
              const chart = Chart.getChart(document.querySelector('#series-chart'));
              return { labels: chart.data.labels, data: chart.data.datasets[0].data, spanGaps: chart.data.datasets[0].spanGaps ?? chart.options.spanGaps ?? false };
            }
            """);
        Assert.Equal(6, points.GetProperty("labels").GetArrayLength()); // Jan–Jun, March included
        Assert.Equal("Mar 2024", points.GetProperty("labels")[2].GetString());
        Assert.Equal(JsonValueKind.Null, points.GetProperty("data")[2].ValueKind);
        Assert.All([0, 1, 3, 4, 5], i => Assert.True(points.GetProperty("data")[i].GetDouble() > 0));
        Assert.False(points.GetProperty("spanGaps").GetBoolean());

        // Over Kestrel too, the header names the month, and is sent empty (not left out) for a whole period.
        var headers = await page.EvaluateAsync<string[]>("""
            async () => Promise.all(['api/map?from=2024-02&to=2024-04&format=csv', 'api/timeseries?from=2024-04&to=2024-06']
              .map(async url => (await fetch(url)).headers.get('X-RxAtlas-Months-Missing') ?? '(absent)'))
            """);
        Assert.Equal(["2024-03", ""], headers);

        // A period reaching before the first loaded month: the chart spans it, the months before January as gaps.
        var early = await _session.OpenAsync("/?period=range&from=2023-11&to=2024-02");
        Assert.Equal("2023-11,2023-12,2024-03", await early.GetAttributeAsync("#series-chart", "data-gaps"));
        Assert.StartsWith("Nov 2023 and Dec 2023 are not loaded: ", await early.InnerTextAsync("#notice"), StringComparison.Ordinal);

        // A whole period loaded: no warning.
        var whole = await _session.OpenAsync("/?period=range&from=2024-04&to=2024-06");
        Assert.True(await whole.IsHiddenAsync("#notice"));
    }

    /// <summary>True once the page has drawn a selection whose description includes the argument (the status line says
    /// "Loading …" with the same description until then).</summary>
    private const string DrawnStatus = "text => { const s = document.querySelector('#status').textContent; return s.includes('practices on the map') && s.includes(text); }";

    [BrowserFact]
    public async Task FinancialYearPreset_KeptInTheUrl_AndItsMonthsNotLoadedWarned()
    {
        // The default view is the latest month, June 2024; the financial-year preset takes the April–March year it falls in.
        var page = await _session.OpenAsync("/");
        Assert.Equal(["2024/25", "2023/24"], await page.Locator("#financial-year option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        Assert.True(await page.IsHiddenAsync("#financial-year"));

        await page.SelectOptionAsync("#period-mode", "fy");

        await page.WaitForURLAsync(url => url.EndsWith("/?from=2024/25", StringComparison.Ordinal));
        await page.WaitForFunctionAsync(DrawnStatus, "2024/25 (Apr 2024 – Mar 2025)");
        Assert.True(await page.IsVisibleAsync("#financial-year"));
        Assert.True(await page.IsHiddenAsync("#month-from"));
        Assert.Equal("Jul 2024, Aug 2024, Sept 2024, Oct 2024, Nov 2024, Dec 2024, Jan 2025, Feb 2025 and Mar 2025 are not loaded: " +
            "the figures for Apr 2024 – Mar 2025 cover the other 3 of its 12 months only.", await page.InnerTextAsync("#notice"));

        // Another year from the preset list: March 2024 (not loaded here) is named with the months before January.
        await page.SelectOptionAsync("#financial-year", "2023/24");
        await page.WaitForURLAsync(url => url.EndsWith("/?from=2023/24", StringComparison.Ordinal));
        await page.WaitForFunctionAsync(DrawnStatus, "2023/24 (Apr 2023 – Mar 2024)");
        Assert.EndsWith("Dec 2023 and Mar 2024 are not loaded: the figures for Apr 2023 – Mar 2024 cover the other 2 of its 12 months only.",
            await page.InnerTextAsync("#notice"), StringComparison.Ordinal);
        Assert.Equal("2023-04,2023-05,2023-06,2023-07,2023-08,2023-09,2023-10,2023-11,2023-12,2024-03",
            await page.GetAttributeAsync("#series-chart", "data-gaps"));

        // A shared link opens on the same view, and the API names the same months missing for the year.
        var shared = await _session.OpenAsync("/?from=2023/24&bnf=0403");
        Assert.Equal("fy", await shared.InputValueAsync("#period-mode"));
        Assert.Equal("2023/24", await shared.InputValueAsync("#financial-year"));
        Assert.StartsWith("Apr 2023, ", await shared.InnerTextAsync("#notice"), StringComparison.Ordinal);
        var header = await shared.EvaluateAsync<string>("async () => (await fetch('api/map?from=2023/24')).headers.get('X-RxAtlas-Months-Missing')");
        Assert.Equal("2023-04,2023-05,2023-06,2023-07,2023-08,2023-09,2023-10,2023-11,2023-12,2024-03", header);

        // Back to one month: the URL drops the year.
        await shared.SelectOptionAsync("#period-mode", "month");
        await shared.WaitForURLAsync(url => url.EndsWith("/?bnf=0403&from=2023-04", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task TopChart_LongNames_CutAtTheEndWithAnEllipsisAndWholeInTheTooltip()
    {
        var page = await _session.OpenAsync("/");

        var axis = await page.EvaluateAsync<JsonElement>("""
            () => {
              const chart = Chart.getChart(document.querySelector('#top-chart'));
              const y = chart.scales.y;
              const ctx = chart.ctx;
              ctx.save();
              ctx.font = `10px ${Chart.defaults.font.family}`;
              const widths = y.ticks.map(t => ctx.measureText(t.label).width);
              ctx.restore();
              return {
                labels: y.ticks.map(t => t.label), widest: Math.max(...widths), left: y.left, width: y.width,
                title: chart.options.plugins.tooltip.callbacks.title([{ dataIndex: 0 }]),
              };
            }
            """);
        var labels = axis.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        var rows = await page.Locator("#top-chart ~ table tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent))");

        Assert.Equal(30, labels.Count);
        Assert.All(labels.Zip(rows), x =>
        {
            if (x.Second[1].StartsWith(LongName, StringComparison.Ordinal))
            {
                Assert.StartsWith(x.Second[2] + " OORSIDE", x.First, StringComparison.Ordinal); // the code, then the name's start
                Assert.EndsWith("…", x.First, StringComparison.Ordinal);
            }
            else Assert.Equal($"{x.Second[2]} {x.Second[1]}", x.First); // a short name shows whole
        });
        Assert.Contains(rows, r => !r[1].StartsWith(LongName, StringComparison.Ordinal));
        Assert.True(axis.GetProperty("left").GetDouble() >= 0);
        Assert.True(axis.GetProperty("widest").GetDouble() <= axis.GetProperty("width").GetDouble(),
            $"labels {axis.GetProperty("widest")} px wide on an axis {axis.GetProperty("width")} px wide are clipped");
        Assert.Equal($"{rows[0][1]} ({rows[0][2]})", axis.GetProperty("title").GetString());
        Assert.StartsWith(LongName, rows[0][1], StringComparison.Ordinal);
    }
}
