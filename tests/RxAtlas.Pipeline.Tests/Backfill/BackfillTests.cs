using System.Collections.Concurrent;
using System.Threading.Channels;
using RxAtlas.Core;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Backfill;

public class BackfillTests
{
    private static readonly YearMonth Jan = new(2019, 1);
    private static readonly YearMonth Apr = new(2019, 4);
    private readonly InMemoryRunStore _store = new();
    private readonly RecordingTimeProvider _time = new();
    private readonly ConcurrentQueue<YearMonth> _ran = new();
    private readonly HashSet<YearMonth> _loaded = [];

    private MonthlyRunner Runner(Func<TaskContext, Task>? load = null, MonthRunGate? gate = null)
    {
        var dag = new DagBuilder("monthly")
            .Task("load", load ?? (ctx =>
            {
                _ran.Enqueue(ctx.Month);
                return ctx.Month == new YearMonth(2019, 2) ? throw new InvalidOperationException("bad file") : Task.CompletedTask;
            }))
            .Build();
        return new MonthlyRunner(dag, new DagRunner(_store, _time), _store, gate ?? new MonthRunGate());
    }

    private global::RxAtlas.Pipeline.Backfill Backfill(MonthlyRunner runner) =>
        new(runner, _ => Task.FromResult<IReadOnlyList<YearMonth>>([.. _loaded]));

    [Fact]
    public async Task Run_OneBadMonth_OthersStillSucceedOldestFirst()
    {
        var summary = await Backfill(Runner()).RunAsync(Jan, Apr).Within();

        Assert.Equal(["2019-01", "2019-02", "2019-03", "2019-04"], _ran.Select(m => m.ToString()));
        Assert.Equal(
            [BackfillStatus.Succeeded, BackfillStatus.Failed, BackfillStatus.Succeeded, BackfillStatus.Succeeded],
            summary.Months.Select(m => m.Status));
        Assert.Equal("load: bad file", summary.Months[1].Error);
        Assert.False(summary.Ok);
        Assert.All(summary.Months, m => Assert.NotNull(m.RunId));
        Assert.All(await _store.ListRunsAsync(10), r => Assert.Equal("backfill", r.Trigger));
    }

    [Fact]
    public async Task Run_OnRunEnded_GetsEachRunMonthsSummary_BeforeTheMonthFinishes_AndNotMonthsNotRun()
    {
        _loaded.Add(new YearMonth(2019, 3));
        var events = new ConcurrentQueue<string>();

        await Backfill(Runner()).RunAsync(Jan, Apr, new BackfillOptions
        {
            OnRunEnded = (summary, _) =>
            {
                events.Enqueue($"ended {summary.Month} {summary.State} run {summary.RunId} {summary.Trigger} {summary.Error}");
                return Task.CompletedTask;
            },
            OnMonthFinished = o => events.Enqueue($"finished {o.Month}"),
        }).Within();

        // A loaded month finishes at once, so only the order within each month is fixed.
        Assert.Equal(["ended 2019-01 Success run 1 backfill ", "finished 2019-01"], events.Where(e => e.Contains("2019-01", StringComparison.Ordinal)));
        Assert.Equal(["ended 2019-02 Failed run 2 backfill load: bad file", "finished 2019-02"], events.Where(e => e.Contains("2019-02", StringComparison.Ordinal)));
        Assert.Equal(["finished 2019-03"], events.Where(e => e.Contains("2019-03", StringComparison.Ordinal)));
        Assert.Equal(["ended 2019-04 Success run 3 backfill ", "finished 2019-04"], events.Where(e => e.Contains("2019-04", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Run_MonthsAlreadyLoaded_AreSkippedUnlessForced()
    {
        _loaded.UnionWith([Jan, new YearMonth(2019, 3)]);

        var summary = await Backfill(Runner()).RunAsync(Jan, Apr).Within();
        var forced = await Backfill(Runner()).RunAsync(Jan, Jan, new BackfillOptions { Force = true }).Within();

        Assert.Equal(
            [BackfillStatus.AlreadyLoaded, BackfillStatus.Failed, BackfillStatus.AlreadyLoaded, BackfillStatus.Succeeded],
            summary.Months.Select(m => m.Status));
        Assert.Equal(BackfillStatus.Succeeded, Assert.Single(forced.Months).Status);
        Assert.Equal(["2019-02", "2019-04", "2019-01"], _ran.Select(m => m.ToString()));
    }

    [Fact]
    public async Task Run_LoadedMonthsPickedByRunLoadedMonthWhen_RunAnyway()
    {
        var mar = new YearMonth(2019, 3);
        _loaded.UnionWith([Jan, mar, Apr]);
        var asked = new ConcurrentQueue<YearMonth>();

        var summary = await Backfill(Runner()).RunAsync(Jan, Apr, new BackfillOptions
        {
            RunLoadedMonthWhen = (month, _) =>
            {
                asked.Enqueue(month);
                // March's list sizes reached the lake after it was loaded, say; April's list-size file cannot be read.
                return month == Apr ? throw new DataFormatException("gp-reg-pat-prac-all.csv", 2, "NUMBER_OF_PATIENTS", "not a number") : Task.FromResult(month == mar);
            },
        }).Within();

        Assert.Equal([Jan, mar, Apr], asked);
        Assert.Equal([BackfillStatus.AlreadyLoaded, BackfillStatus.Failed, BackfillStatus.Succeeded, BackfillStatus.Succeeded], summary.Months.Select(m => m.Status));
        Assert.Equal(["2019-02", "2019-03", "2019-04"], _ran.Select(m => m.ToString()));
    }

    [Fact]
    public async Task Run_LoadedMonthWhoseNewestRunDidNotFinish_RunsAgain()
    {
        var (mar, may) = (new YearMonth(2019, 3), new YearMonth(2019, 5));
        _loaded.UnionWith([Jan, mar, Apr, may]);
        // March loaded, then its check failed; April failed once, then succeeded; May's process was killed.
        await RecordRunAsync(mar, RunState.Failed);
        await RecordRunAsync(Apr, RunState.Failed);
        await RecordRunAsync(Apr, RunState.Success);
        await RecordRunAsync(may, RunState.Interrupted);

        var summary = await Backfill(Runner()).RunAsync(Jan, may).Within();

        Assert.Equal(["2019-02", "2019-03", "2019-05"], _ran.Select(m => m.ToString()));
        Assert.Equal(
            [BackfillStatus.AlreadyLoaded, BackfillStatus.Failed, BackfillStatus.Succeeded, BackfillStatus.AlreadyLoaded, BackfillStatus.Succeeded],
            summary.Months.Select(m => m.Status));
        Assert.Equal([new YearMonth(2019, 2)], await Runner().UnfinishedMonthsAsync().Within());
    }

    private async Task RecordRunAsync(YearMonth month, RunState state)
    {
        var id = await _store.StartRunAsync("monthly", month, "manual", _time.GetUtcNow());
        await _store.FinishRunAsync(id, state, _time.GetUtcNow(), state == RunState.Success ? null : "check failed");
    }

    [Fact]
    public async Task Run_InParallel_RunsUpToTheLimitAtOnce()
    {
        var started = Channel.CreateUnbounded<YearMonth>();
        var release = new SemaphoreSlim(0);
        int current = 0, max = 0;
        var runner = Runner(async ctx =>
        {
            var now = Interlocked.Increment(ref current);
            lock (release) max = Math.Max(max, now);
            started.Writer.TryWrite(ctx.Month);
            await release.WaitAsync(ctx.CancellationToken);
            Interlocked.Decrement(ref current);
        });

        var backfill = Backfill(runner).RunAsync(Jan, Apr, new BackfillOptions { Parallelism = 2 });
        await started.Reader.ReadAsync().AsTask().Within();
        await started.Reader.ReadAsync().AsTask().Within();
        release.Release();
        await started.Reader.ReadAsync().AsTask().Within();
        release.Release();
        await started.Reader.ReadAsync().AsTask().Within();
        release.Release(2);
        var summary = await backfill.Within();

        Assert.True(summary.Ok);
        Assert.Equal(4, summary.Count(BackfillStatus.Succeeded));
        Assert.Equal(2, max);
    }

    [Fact]
    public async Task RunMonth_SameMonthAlreadyActive_IsRefusedAndBackfillReportsIt()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var gate = new MonthRunGate();
        var blocking = Runner(async _ => { entered.SetResult(); await release.Task; }, gate);
        var first = blocking.RunMonthAsync(Jan);
        await entered.Task.Within();

        await Assert.ThrowsAsync<MonthAlreadyRunningException>(() => Runner(gate: gate).RunMonthAsync(Jan));
        var summary = await Backfill(Runner(gate: gate)).RunAsync(Jan, Jan).Within();
        release.SetResult();

        Assert.Equal(BackfillStatus.AlreadyRunning, Assert.Single(summary.Months).Status);
        Assert.Equal(RunState.Success, (await first.Within()).State);
        Assert.Equal(RunState.Success, (await Runner(gate: gate).RunMonthAsync(Jan).Within()).State);
    }

    [Fact]
    public async Task RunMonth_StoreShowsARunningRunForTheMonth_IsRefused()
    {
        var other = await _store.StartRunAsync("monthly", Jan, "schedule", _time.GetUtcNow());

        var error = await Assert.ThrowsAsync<MonthAlreadyRunningException>(() => Runner().RunMonthAsync(Jan));

        Assert.Equal(other, error.RunId);
        Assert.Equal(RunState.Success, (await Runner().RunMonthAsync(Apr).Within()).State);
    }

    [Fact]
    public async Task Run_Cancelled_StopsTheRunningMonthAndStartsNoOther()
    {
        using var cts = new CancellationTokenSource();
        var entered = new TaskCompletionSource();
        var runner = Runner(async ctx =>
        {
            _ran.Enqueue(ctx.Month);
            entered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ctx.CancellationToken);
        });

        var backfill = Backfill(runner).RunAsync(Jan, Apr, cancellationToken: cts.Token);
        await entered.Task.Within();
        await cts.CancelAsync();
        var summary = await backfill.Within();

        Assert.All(summary.Months, m => Assert.Equal(BackfillStatus.Cancelled, m.Status));
        Assert.Equal([Jan], _ran);
        Assert.False(summary.Ok);
    }
}
