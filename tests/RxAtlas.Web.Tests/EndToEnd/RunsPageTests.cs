using Microsoft.Playwright;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Web.Runs;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>The runs page in headless Chromium: grid coloured by state, the DAG graph with its edges, a task's log and error.</summary>
public sealed class RunsPageTests
{
    private static readonly DagShape Monthly = new("monthly",
        ["download", "verify", "load", "check", "publish", "geocode"],
        [new DagEdge("download", "verify"), new DagEdge("verify", "load"), new DagEdge("load", "check"), new DagEdge("check", "publish"),
         new DagEdge("verify", "geocode"), new DagEdge("geocode", "publish")]);

    private static async Task<InMemoryRunStore> RunsAsync()
    {
        var store = new InMemoryRunStore();
        var t0 = new DateTimeOffset(2024, 7, 1, 6, 0, 0, TimeSpan.Zero);
        for (var m = 1; m <= 3; m++)
        {
            var start = t0.AddDays(m);
            var id = await store.StartRunAsync("monthly", new YearMonth(2024, m), m == 3 ? "manual" : "schedule", start);
            var failing = m == 3;
            var i = 0;
            foreach (var task in Monthly.Tasks)
            {
                var s = start.AddSeconds(10 * i++);
                var state = !failing ? RunState.Success
                    : task == "load" ? RunState.Failed
                    : task is "check" or "publish" ? RunState.UpstreamFailed
                    : RunState.Success;
                await store.SaveTaskAsync(new TaskInstance(id, task, 1, s, s.AddSeconds(8), state,
                    state == RunState.Failed ? "Totals differ from the source by £0.01" : null, 1000 * i, [$"{task} started", $"{task} finished"]));
            }
            await store.FinishRunAsync(id, failing ? RunState.Failed : RunState.Success, start.AddMinutes(1), failing ? "load failed" : null);
        }
        return store;
    }

    [BrowserFact]
    public async Task RunsPage_ShowsGridGraphAndFailedTaskLog()
    {
        var warehouse = new FakeWarehouse(new FakeQueries(new FakeDataset()), await RunsAsync());
        await using var session = await BrowserSession.StartAsync(warehouse, new RxAtlasWebOptions { Dags = new StaticDagDescription([Monthly]) });
        var page = await session.OpenAsync("/runs.html");

        Assert.Equal(18, await page.Locator(".cell[data-state]").CountAsync());
        Assert.Equal(1, await page.Locator(".cell[data-state='failed']").CountAsync());
        Assert.Equal(2, await page.Locator(".cell[data-state='upstream_failed']").CountAsync());
        Assert.Equal("rgb(211, 47, 47)", await page.Locator(".cell[data-state='failed']").EvaluateAsync<string>("c => getComputedStyle(c).backgroundColor"));
        Assert.Equal(Monthly.Edges.Count, await page.Locator("#graph path[data-edge]").CountAsync());
        Assert.Equal(1, await page.Locator("#graph path[data-edge='verify->geocode']").CountAsync());

        // The newest run opens on its failed task: error and log are shown.
        Assert.Contains("Totals differ from the source by £0.01", await page.InnerTextAsync("#detail"), StringComparison.Ordinal);
        Assert.Contains("load finished", await page.InnerTextAsync("#detail .log"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("runs-screenshot.png"), FullPage = true });

        // Choosing another square (keyboard: focus + Enter) shows that task.
        await page.FocusAsync(".cell[data-run='1'][data-task='geocode']");
        await page.Keyboard.PressAsync("Enter");
        Assert.Contains("geocode started", await page.InnerTextAsync("#detail .log"), StringComparison.Ordinal);
        Assert.Equal("Task geocode · run #1", await page.InnerTextAsync("#detail-title"));

        // Choosing a run in the list: the heading names that run, not the task shown before.
        await page.ClickAsync("#run-list tr[data-run='2'] button");
        Assert.Equal("Run #2", await page.InnerTextAsync("#detail-title"));
        Assert.StartsWith("Run #2: success", await page.InnerTextAsync("#detail"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task RunsPage_NoRuns_DrawsTheDagsTasksAndEdges()
    {
        var warehouse = new FakeWarehouse(new FakeQueries(new FakeDataset()), new InMemoryRunStore());
        await using var session = await BrowserSession.StartAsync(warehouse, new RxAtlasWebOptions { Dags = new StaticDagDescription([Monthly]) });
        var page = await session.OpenAsync("/runs.html");

        Assert.Equal("No runs recorded yet.", await page.InnerTextAsync("#status"));
        Assert.Equal(Monthly.Tasks, await page.Locator("#graph svg[data-dag='monthly'] .node").EvaluateAllAsync<string[]>("ns => ns.map(n => n.dataset.task)"));
        Assert.Equal(Monthly.Edges.Select(e => $"{e.Upstream}->{e.Downstream}"),
            await page.Locator("#graph path[data-edge]").EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.edge)"));
        Assert.Equal("monthly · no runs yet", await page.InnerTextAsync("#graph-run"));
        // No states: every task is drawn uncoloured, and there is nothing to open.
        Assert.Equal(["rgb(176, 190, 197)"], (await page.Locator("#graph .node rect").EvaluateAllAsync<string[]>("rs => rs.map(r => getComputedStyle(r).fill)")).Distinct());
        Assert.Equal(0, await page.Locator("#graph .node[role='button']").CountAsync());
    }
}
