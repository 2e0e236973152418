using System.Collections.Concurrent;
using System.Threading.Channels;
using RxAtlas.Core;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Engine;

public class DagRunnerTests
{
    private static readonly RunParameters November = new(new YearMonth(2019, 11));
    private readonly InMemoryRunStore _store = new();
    private readonly RecordingTimeProvider _time = new();

    private DagRunner Runner(int parallelism = 4) => new(_store, _time, new DagRunnerOptions { MaxParallelism = parallelism });

    [Fact]
    public async Task Run_Chain_RunsEachTaskAfterItsDependencies()
    {
        var order = new ConcurrentQueue<string>();
        Func<TaskContext, Task> record = ctx => { order.Enqueue(ctx.TaskId); return Task.CompletedTask; };
        var dag = new DagBuilder("d")
            .Task("load", record, dependsOn: ["stage_a", "stage_b"])
            .Task("stage_a", record, dependsOn: ["acquire"])
            .Task("stage_b", record, dependsOn: ["acquire"])
            .Task("acquire", record)
            .Build();

        var result = await Runner().RunAsync(dag, November).Within();

        Assert.Equal(RunState.Success, result.State);
        var seen = order.ToList();
        Assert.Equal("acquire", seen[0]);
        Assert.Equal("load", seen[3]);
        Assert.Equal(RunState.Success, (await _store.GetRunAsync(result.RunId))!.State);
    }

    [Fact]
    public async Task Run_IndependentTasks_NeverExceedTheParallelismLimit()
    {
        var started = Channel.CreateUnbounded<string>();
        var release = new SemaphoreSlim(0);
        int current = 0, max = 0;
        var builder = new DagBuilder("wide");
        for (var i = 0; i < 6; i++)
        {
            builder.Task($"t{i}", async ctx =>
            {
                var now = Interlocked.Increment(ref current);
                lock (release) max = Math.Max(max, now);
                started.Writer.TryWrite(ctx.TaskId);
                await release.WaitAsync(ctx.CancellationToken);
                Interlocked.Decrement(ref current);
            });
        }

        var run = Runner(parallelism: 2).RunAsync(builder.Build(), November);
        await started.Reader.ReadAsync().AsTask().Within();
        await started.Reader.ReadAsync().AsTask().Within();
        for (var i = 2; i < 6; i++)
        {
            release.Release();
            await started.Reader.ReadAsync().AsTask().Within();
        }

        release.Release(2);
        var result = await run.Within();

        Assert.Equal(RunState.Success, result.State);
        Assert.Equal(2, max);
    }

    [Fact]
    public async Task Run_TaskFailsTwiceThenSucceeds_RecordsThreeTriesFiveMinutesApart()
    {
        var calls = 0;
        var dag = new DagBuilder("d", TaskOptions.Airflow)
            .Task("flaky", ctx =>
            {
                ctx.Log($"try {ctx.TryNumber}");
                return ++calls < 3 ? throw new IOException("network down") : Task.CompletedTask;
            })
            .Build();

        var run = Runner().RunAsync(dag, November);
        Assert.Equal(TimeSpan.FromMinutes(5), await _time.FireNextTimerAsync());
        Assert.Equal(TimeSpan.FromMinutes(5), await _time.FireNextTimerAsync());
        var result = await run.Within();

        Assert.Equal(RunState.Success, result.State);
        var tries = await _store.ListTasksAsync(result.RunId);
        Assert.Equal([1, 2, 3], tries.Select(t => t.TryNumber));
        Assert.Equal([RunState.Failed, RunState.Failed, RunState.Success], tries.Select(t => t.State));
        Assert.Equal("network down", tries[0].Error);
        Assert.Equal(TimeSpan.FromMinutes(5), tries[1].Started - tries[0].Ended);
        Assert.Contains(tries[2].Log, line => line.EndsWith("try 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ExponentialBackoff_WaitsDoublingDelaysThenFails()
    {
        var options = new TaskOptions { Retries = 3, RetryDelay = TimeSpan.FromMinutes(1), ExponentialBackoff = true };
        var dag = new DagBuilder("d").Task("broken", _ => throw new InvalidOperationException("always"), options: options).Build();

        var run = Runner().RunAsync(dag, November);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++) delays.Add(await _time.FireNextTimerAsync());
        var result = await run.Within();

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], delays);
        Assert.Equal(RunState.Failed, result.State);
        Assert.Equal("broken: always", result.Error);
        Assert.Equal(4, (await _store.ListTasksAsync(result.RunId)).Count);
    }

    [Fact]
    public async Task Run_TaskExceedsTimeout_TryFailsAsTimedOut()
    {
        var sawCancellation = false;
        var dag = new DagBuilder("d")
            .Task("slow", async ctx =>
            {
                try { await Task.Delay(Timeout.InfiniteTimeSpan, ctx.CancellationToken); }
                catch (OperationCanceledException) { sawCancellation = true; throw; }
            }, options: new TaskOptions { Timeout = TimeSpan.FromMinutes(30) })
            .Build();

        var run = Runner().RunAsync(dag, November);
        Assert.Equal(TimeSpan.FromMinutes(30), await _time.FireNextTimerAsync());
        var result = await run.Within();

        Assert.Equal(RunState.Failed, result.State);
        var attempt = Assert.Single(await _store.ListTasksAsync(result.RunId));
        Assert.Equal("timed out after 00:30:00", attempt.Error);
        Assert.True(sawCancellation);
    }

    [Fact]
    public async Task Run_Cancelled_RunningTaskSeesItAndRunEndsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var entered = new TaskCompletionSource();
        var sawCancellation = false;
        var downstreamRan = false;
        var dag = new DagBuilder("d")
            .Task("long", async ctx =>
            {
                entered.SetResult();
                try { await Task.Delay(Timeout.InfiniteTimeSpan, ctx.CancellationToken); }
                catch (OperationCanceledException) { sawCancellation = true; throw; }
            }, options: TaskOptions.Airflow)
            .Task("after", _ => { downstreamRan = true; return Task.CompletedTask; }, dependsOn: ["long"])
            .Build();

        var run = Runner().RunAsync(dag, November, cancellationToken: cts.Token);
        await entered.Task.Within();
        await cts.CancelAsync();
        var result = await run.Within();

        Assert.Equal(RunState.Cancelled, result.State);
        Assert.True(sawCancellation);
        Assert.False(downstreamRan);
        var attempt = Assert.Single(await _store.ListTasksAsync(result.RunId));
        Assert.Equal(RunState.Cancelled, attempt.State);
        Assert.Equal(RunState.Cancelled, (await _store.GetRunAsync(result.RunId))!.State);
    }

    [Fact]
    public async Task Run_FailedTask_DownstreamUpstreamFailedWhileOtherBranchRuns()
    {
        var dag = new DagBuilder("d")
            .Task("stage_bad", _ => throw new DataFormatException("T201911PDPI BNFT.csv", 7, "ITEMS", "expected a whole number"))
            .Task("stage_good", _ => Task.CompletedTask)
            .Task("load", _ => Task.CompletedTask, dependsOn: ["stage_bad", "stage_good"])
            .Task("publish", _ => Task.CompletedTask, dependsOn: ["load"])
            .Task("unrelated", _ => Task.CompletedTask, dependsOn: ["stage_good"])
            .Build();

        var result = await Runner().RunAsync(dag, November).Within();

        Assert.Equal(RunState.Failed, result.State);
        Assert.Equal(RunState.Failed, result.Tasks["stage_bad"]);
        Assert.Equal(RunState.UpstreamFailed, result.Tasks["load"]);
        Assert.Equal(RunState.UpstreamFailed, result.Tasks["publish"]);
        Assert.Equal(RunState.Success, result.Tasks["unrelated"]);
        Assert.Contains("T201911PDPI BNFT.csv, line 7, field ITEMS", result.Error);
    }

    [Fact]
    public async Task Resume_AfterFailure_RerunsOnlyWhatDidNotSucceed()
    {
        var runs = new ConcurrentDictionary<string, int>();
        var loadShouldFail = true;
        var dag = new DagBuilder("d")
            .Task("acquire", ctx => Count(ctx))
            .Task("load", ctx => { Count(ctx); return loadShouldFail ? throw new IOException("disk full") : Task.CompletedTask; }, dependsOn: ["acquire"])
            .Task("publish", ctx => Count(ctx), dependsOn: ["load"])
            .Build();
        var failed = await Runner().RunAsync(dag, November).Within();
        Assert.Equal(RunState.Failed, failed.State);

        loadShouldFail = false;
        var resumed = await Runner().RunAsync(dag, November, failed.RunId).Within();

        Assert.Equal(failed.RunId, resumed.RunId);
        Assert.Equal(RunState.Success, resumed.State);
        Assert.Equal(1, runs["acquire"]);
        Assert.Equal(2, runs["load"]);
        Assert.Equal(1, runs["publish"]);
        var loadTries = (await _store.ListTasksAsync(failed.RunId)).Where(t => t.TaskId == "load").ToList();
        Assert.Equal([(1, RunState.Failed), (2, RunState.Success)], loadTries.Select(t => (t.TryNumber, t.State)));
        Assert.Equal(RunState.Success, (await _store.GetRunAsync(failed.RunId))!.State);

        Task Count(TaskContext ctx)
        {
            runs.AddOrUpdate(ctx.TaskId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Resume_TaskMarkedRerunOnResume_RunsAgainWithEverythingDownstream()
    {
        var runs = new ConcurrentDictionary<string, int>();
        var order = new ConcurrentQueue<string>();
        var loadShouldFail = true;
        var dag = new DagBuilder("d")
            .Task("acquire", ctx => Count(ctx), options: TaskOptions.Default with { RerunOnResume = true })
            .Task("stage", ctx => Count(ctx), dependsOn: ["acquire"])
            .Task("load", ctx => { Count(ctx); return loadShouldFail ? throw new IOException("bad file") : Task.CompletedTask; }, dependsOn: ["stage"])
            .Build();
        var failed = await Runner().RunAsync(dag, November).Within();

        loadShouldFail = false;
        var resumed = await Runner().RunAsync(dag, November, failed.RunId).Within();

        Assert.Equal(RunState.Success, resumed.State);
        Assert.Equal(2, runs["acquire"]);
        Assert.Equal(2, runs["stage"]); // downstream of a rerun task runs again, after it — never on the stale inputs
        Assert.Equal(2, runs["load"]);
        Assert.Equal(["acquire", "stage", "load", "acquire", "stage", "load"], order); // the rerun gates what depends on it
        var acquireTries = (await _store.ListTasksAsync(failed.RunId)).Where(t => t.TaskId == "acquire").Select(t => t.TryNumber).Order();
        Assert.Equal([1, 2], acquireTries);

        Task Count(TaskContext ctx)
        {
            order.Enqueue(ctx.TaskId);
            runs.AddOrUpdate(ctx.TaskId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Resume_RerunTaskReportsOutputUnchanged_KeepsSucceededDownstreamAndRunsOnlyWhatFailed()
    {
        var runs = new ConcurrentDictionary<string, int>();
        var publishShouldFail = true;
        var dag = new DagBuilder("d")
            .Task("acquire", ctx => { ctx.OutputChanged = false; return Count(ctx); }, options: TaskOptions.Default with { RerunOnResume = true })
            .Task("stage", ctx => Count(ctx), dependsOn: ["acquire"])
            .Task("load", ctx => Count(ctx), dependsOn: ["stage"])
            .Task("publish", ctx => { Count(ctx); return publishShouldFail ? throw new IOException("disk full") : Task.CompletedTask; }, dependsOn: ["load"])
            .Build();
        var failed = await Runner().RunAsync(dag, November).Within();
        Assert.Equal(RunState.Failed, failed.State);

        publishShouldFail = false;
        var resumed = await Runner().RunAsync(dag, November, failed.RunId).Within();

        Assert.Equal(RunState.Success, resumed.State);
        Assert.Equal(2, runs["acquire"]);
        Assert.Equal(1, runs["stage"]);
        Assert.Equal(1, runs["load"]); // acquire found nothing new: the load that succeeded is kept, not run again
        Assert.Equal(2, runs["publish"]);
        Assert.Equal(["stage", "load"], resumed.Kept);
        Assert.Equal(RunState.Success, resumed.Tasks["load"]);
        var tries = await _store.ListTasksAsync(failed.RunId);
        Assert.Equal([1], tries.Where(t => t.TaskId == "load").Select(t => t.TryNumber));
        Assert.Equal([1, 2], tries.Where(t => t.TaskId == "publish").Select(t => t.TryNumber));

        Task Count(TaskContext ctx)
        {
            runs.AddOrUpdate(ctx.TaskId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Resume_UnchangedTaskUpstreamOfAChangedOne_KeepsOnlyWhatTheChangeDoesNotReach()
    {
        var runs = new ConcurrentDictionary<string, int>();
        var checkShouldFail = true;
        var dag = new DagBuilder("d")
            .Task("acquire", ctx => { ctx.OutputChanged = false; return Count(ctx); }, options: TaskOptions.Default with { RerunOnResume = true })
            .Task("refresh", ctx => Count(ctx), dependsOn: ["acquire"], options: TaskOptions.Default with { RerunOnResume = true })
            .Task("stage", ctx => Count(ctx), dependsOn: ["acquire"])
            .Task("derive", ctx => Count(ctx), dependsOn: ["refresh"])
            .Task("check", ctx => { Count(ctx); return checkShouldFail ? throw new IOException("flaky") : Task.CompletedTask; }, dependsOn: ["stage", "derive"])
            .Build();
        var failed = await Runner().RunAsync(dag, November).Within();
        Assert.Equal(RunState.Failed, failed.State);

        checkShouldFail = false;
        var resumed = await Runner().RunAsync(dag, November, failed.RunId).Within();

        Assert.Equal(RunState.Success, resumed.State);
        Assert.Equal(["stage"], resumed.Kept);
        Assert.Equal(2, runs["refresh"]); // rerun on resume, and its output counts as changed (the default)
        Assert.Equal(2, runs["derive"]); // so what reads it runs again
        Assert.Equal(1, runs["stage"]);

        Task Count(TaskContext ctx)
        {
            runs.AddOrUpdate(ctx.TaskId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Resume_RerunTaskFailsAgain_KeptTasksKeepTheirEarlierSuccessForTheNextResume()
    {
        var loads = 0;
        var acquireShouldFail = false;
        var publishShouldFail = true;
        var dag = new DagBuilder("d")
            .Task("acquire", ctx =>
            {
                ctx.OutputChanged = false;
                return acquireShouldFail ? throw new IOException("share offline") : Task.CompletedTask;
            }, options: TaskOptions.Default with { RerunOnResume = true })
            .Task("load", _ => { Interlocked.Increment(ref loads); return Task.CompletedTask; }, dependsOn: ["acquire"])
            .Task("publish", _ => publishShouldFail ? throw new IOException("disk full") : Task.CompletedTask, dependsOn: ["load"])
            .Build();
        var failed = await Runner().RunAsync(dag, November).Within();

        acquireShouldFail = true;
        var again = await Runner().RunAsync(dag, November, failed.RunId).Within();
        acquireShouldFail = publishShouldFail = false;
        var resumed = await Runner().RunAsync(dag, November, failed.RunId).Within();

        Assert.Equal(RunState.Failed, again.State);
        Assert.Equal(RunState.UpstreamFailed, again.Tasks["load"]);
        Assert.Equal(RunState.Success, resumed.State);
        Assert.Equal(["load"], resumed.Kept);
        Assert.Equal(1, loads);
        var loadTries = (await _store.ListTasksAsync(failed.RunId)).Where(t => t.TaskId == "load").ToList();
        Assert.Equal([(1, RunState.Success)], loadTries.Select(t => (t.TryNumber, t.State)));
    }

    [Fact]
    public async Task Resume_RunThatDoesNotExist_ThrowsNamingIt()
    {
        var dag = new DagBuilder("d").Task("a", _ => Task.CompletedTask).Build();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Runner().RunAsync(dag, November, 999));

        Assert.StartsWith("There is no run 999 to resume.", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListRunsAsync(10));
    }

    [Fact]
    public async Task Resume_InterruptedRun_MarksDanglingTryInterruptedAndCompletes()
    {
        var runId = await _store.StartRunAsync("d", November.Month, "manual", _time.GetUtcNow());
        await _store.SaveTaskAsync(new TaskInstance(runId, "acquire", 1, _time.GetUtcNow(), _time.GetUtcNow(), RunState.Success, null, null, []));
        await _store.SaveTaskAsync(new TaskInstance(runId, "load", 1, _time.GetUtcNow(), null, RunState.Running, null, null, []));
        var acquireRan = false;
        var dag = new DagBuilder("d")
            .Task("acquire", _ => { acquireRan = true; return Task.CompletedTask; })
            .Task("load", _ => Task.CompletedTask, dependsOn: ["acquire"])
            .Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Runner().RunAsync(dag, November, runId));
        Assert.Equal(1, await RunRecovery.MarkInterruptedAsync(_store, _time));
        Assert.Equal(RunState.Interrupted, (await _store.GetRunAsync(runId))!.State);
        var result = await Runner().RunAsync(dag, November, runId).Within();

        Assert.Equal(RunState.Success, result.State);
        Assert.False(acquireRan);
        var load = (await _store.ListTasksAsync(runId)).Where(t => t.TaskId == "load").ToList();
        Assert.Equal([(1, RunState.Interrupted), (2, RunState.Success)], load.Select(t => (t.TryNumber, t.State)));
    }

    [Fact]
    public async Task Resume_RunOfAnotherMonth_Throws()
    {
        var dag = new DagBuilder("d").Task("a", _ => Task.CompletedTask).Build();
        var first = await Runner().RunAsync(dag, November).Within();

        await Assert.ThrowsAsync<ArgumentException>(() => Runner().RunAsync(dag, new RunParameters(new YearMonth(2019, 12)), first.RunId));
    }

    [Fact]
    public async Task Run_TaskSkips_DownstreamSkippedAndRunEndsSkipped()
    {
        var dag = new DagBuilder("d")
            .Task("acquire", _ => throw new TaskSkippedException("no new release"))
            .Task("load", _ => Task.CompletedTask, dependsOn: ["acquire"])
            .Build();

        var result = await Runner().RunAsync(dag, November).Within();

        Assert.Equal(RunState.Skipped, result.State);
        Assert.Equal(RunState.Skipped, result.Tasks["load"]);
        var acquire = (await _store.ListTasksAsync(result.RunId)).Single(t => t.TaskId == "acquire");
        Assert.Contains(acquire.Log, l => l.EndsWith("Skipped: no new release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TaskLogsAndCountsRows_RecordedOnTheInstance()
    {
        var live = new ConcurrentQueue<string>();
        var dag = new DagBuilder("d")
            .Task("load", ctx => { ctx.Log($"loading {ctx.Month}"); ctx.RowsAffected = 42; return Task.CompletedTask; })
            .Build();
        var runner = new DagRunner(_store, _time, new DagRunnerOptions { OnLog = (task, line) => live.Enqueue($"{task}|{line}") });

        var result = await runner.RunAsync(dag, November).Within();

        var attempt = Assert.Single(await _store.ListTasksAsync(result.RunId));
        Assert.Equal(42, attempt.RowsAffected);
        Assert.Equal(["2026-01-05T06:00:00Z loading 2019-11"], attempt.Log);
        Assert.Equal(["load|2026-01-05T06:00:00Z loading 2019-11"], live);
        Assert.Equal(42, result.Rows["load"]);
    }

    [Fact]
    public async Task Run_FailureNotWorthRetrying_FailsAfterOneTry()
    {
        var options = TaskOptions.Airflow with { ShouldRetry = e => e is not DataFormatException };
        var dag = new DagBuilder("d", options)
            .Task("stage", _ => throw new DataFormatException("EPD_201911.csv", 12, "NIC", "expected a decimal"))
            .Build();

        var result = await Runner().RunAsync(dag, November).Within();

        var attempt = Assert.Single(await _store.ListTasksAsync(result.RunId));
        Assert.Equal(RunState.Failed, attempt.State);
        Assert.Contains(attempt.Log, l => l.EndsWith("Try 1 failed; not retrying.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_CancelledWhileWaitingToRetry_EndsCancelledWithoutAnotherTry()
    {
        using var cts = new CancellationTokenSource();
        var dag = new DagBuilder("d", TaskOptions.Airflow).Task("flaky", _ => throw new IOException("down")).Build();

        var run = Runner().RunAsync(dag, November, cancellationToken: cts.Token);
        Assert.Equal(TimeSpan.FromMinutes(5), await _time.NextTimerAsync());
        await cts.CancelAsync();
        var result = await run.Within();

        Assert.Equal(RunState.Cancelled, result.State);
        Assert.Single(await _store.ListTasksAsync(result.RunId));
    }
}
