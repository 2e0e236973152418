using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

public abstract partial class WarehouseContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public async Task RunStore_RoundTripsRunsAndTaskInstancesWithLogs()
    {
        var runs = Warehouse.Runs;

        var id = await runs.StartRunAsync("monthly", Month1, "manual", T0);
        var other = await runs.StartRunAsync("monthly", null, "schedule", T0.AddMinutes(5));
        await runs.SaveTaskAsync(new TaskInstance(id, "download", 1, T0, null, RunState.Running, null, null, ["starting"]));
        await runs.SaveTaskAsync(new TaskInstance(id, "download", 1, T0, T0.AddSeconds(3), RunState.Failed, "timeout", null, ["starting", "timed out | retrying"]));
        await runs.SaveTaskAsync(new TaskInstance(id, "download", 2, T0.AddSeconds(4), T0.AddSeconds(9), RunState.Success, null, 1234, ["line with\nnewline", "ok"]));
        await runs.FinishRunAsync(id, RunState.Failed, T0.AddMinutes(1), "load failed");

        var run = await runs.GetRunAsync(id);
        var tasks = await runs.ListTasksAsync(id);
        var listed = await runs.ListRunsAsync(10);

        Assert.Equal(new DagRun(id, "monthly", Month1, "manual", T0, T0.AddMinutes(1), RunState.Failed, "load failed"), run);
        Assert.Equal(2, tasks.Count);
        Assert.Equal((1, RunState.Failed, "timeout"), (tasks[0].TryNumber, tasks[0].State, tasks[0].Error));
        Assert.Equal(["starting", "timed out | retrying"], tasks[0].Log);
        Assert.Equal((2, 1234L, T0.AddSeconds(9)), (tasks[1].TryNumber, tasks[1].RowsAffected, tasks[1].Ended));
        Assert.Equal(["line with\nnewline", "ok"], tasks[1].Log);
        Assert.Equal([other, id], listed.Select(r => r.RunId));
        Assert.Null(await runs.GetRunAsync(999));

        await runs.ReopenRunAsync(id);
        Assert.Equal((RunState.Running, null, null), ((await runs.GetRunAsync(id))!.State, (await runs.GetRunAsync(id))!.Ended, (await runs.GetRunAsync(id))!.Error));
    }

    [Fact]
    public async Task RunStore_WritesWhileAMonthLoadIsInProgress_DoNotWaitForIt()
    {
        var id = await Warehouse.Runs.StartRunAsync("monthly", Month1, "manual", T0);
        var source = FakeMonths.Rows(seed: 1);
        var rows = source.Select((row, i) =>
        {
            if (i == 10)
            {
                // Synchronously, from inside the load's stream: would deadlock if run history shared the load's lock.
                var save = Warehouse.Runs.SaveTaskAsync(new TaskInstance(id, "load", 1, T0, null, RunState.Running, null, null, ["10 rows read"]));
                Assert.True(save.Wait(TimeSpan.FromSeconds(30)), "run store write blocked behind the load");
            }
            return row;
        });
        var release = new StreamingRelease(Month1, rows) { Totals = source.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r)) };

        await Warehouse.LoadMonthAsync(release);

        Assert.Equal(["10 rows read"], (await Warehouse.Runs.ListTasksAsync(id)).Single().Log);
    }

    [Fact]
    public async Task RunStore_RunsOfThisLiveProcess_AreNotMarkedAbandoned()
    {
        var id = await Warehouse.Runs.StartRunAsync("monthly", Month1, "manual", T0);

        var marked = await Warehouse.Runs.MarkAbandonedRunsInterruptedAsync(T0.AddHours(1));

        Assert.Equal(0, marked);
        Assert.Equal(RunState.Running, (await Warehouse.Runs.GetRunAsync(id))!.State);
    }

    [Fact]
    public async Task RunStore_GetRunOwner_IsTheProcessThatStartedIt()
    {
        var id = await Warehouse.Runs.StartRunAsync("monthly", Month1, "manual", T0);

        var owner = await Warehouse.Runs.GetRunOwnerAsync(id);

        Assert.Equal((RunOwner.Current.Host, RunOwner.Current.ProcessId), (owner!.Host, owner.ProcessId));
        Assert.True(owner.IsAlive());
        Assert.Null(await Warehouse.Runs.GetRunOwnerAsync(999));
    }

    [Fact]
    public async Task RunStore_DeleteRun_RemovesTheRunAndItsTasksOnly()
    {
        var runs = Warehouse.Runs;
        var skipped = await runs.StartRunAsync("monthly", Month1, "schedule", T0);
        await runs.SaveTaskAsync(new TaskInstance(skipped, "acquire", 1, T0, T0.AddSeconds(1), RunState.Skipped, null, null, ["no release yet"]));
        await runs.FinishRunAsync(skipped, RunState.Skipped, T0.AddSeconds(1), null);
        var kept = await runs.StartRunAsync("monthly", Month2, "schedule", T0);
        await runs.SaveTaskAsync(new TaskInstance(kept, "acquire", 1, T0, T0.AddSeconds(1), RunState.Success, null, null, []));

        Assert.True(await runs.DeleteRunAsync(skipped));
        Assert.False(await runs.DeleteRunAsync(skipped));

        Assert.Null(await runs.GetRunAsync(skipped));
        Assert.Empty(await runs.ListTasksAsync(skipped));
        Assert.Equal([kept], (await runs.ListRunsAsync(10)).Select(r => r.RunId));
        Assert.Single(await runs.ListTasksAsync(kept));
    }

    [Fact]
    public async Task RunStore_InterruptRun_MarksARunningRunAndItsRunningTasksOnly()
    {
        var runs = Warehouse.Runs;
        var id = await runs.StartRunAsync("monthly", Month1, "manual", T0); // this live process: never found abandoned
        await runs.SaveTaskAsync(new TaskInstance(id, "acquire", 1, T0, T0.AddSeconds(2), RunState.Success, null, null, []));
        await runs.SaveTaskAsync(new TaskInstance(id, "load", 1, T0.AddSeconds(2), null, RunState.Running, null, null, []));
        var finished = await runs.StartRunAsync("monthly", Month2, "manual", T0);
        await runs.FinishRunAsync(finished, RunState.Failed, T0.AddMinutes(1), "load failed");

        Assert.True(await runs.InterruptRunAsync(id, T0.AddHours(1), "interrupted by hand"));
        Assert.False(await runs.InterruptRunAsync(id, T0.AddHours(2), "again"));
        Assert.False(await runs.InterruptRunAsync(finished, T0.AddHours(1), "not running"));
        Assert.False(await runs.InterruptRunAsync(999, T0.AddHours(1), "no such run"));

        // When the killed process stopped is unknown: the ends stay null rather than the time it was found (T0 + 1 h).
        Assert.Equal(new DagRun(id, "monthly", Month1, "manual", T0, null, RunState.Interrupted, "interrupted by hand"), await runs.GetRunAsync(id));
        Assert.Equal([("acquire", RunState.Success, (DateTimeOffset?)T0.AddSeconds(2)), ("load", RunState.Interrupted, null)],
            (await runs.ListTasksAsync(id)).Select(t => (t.TaskId, t.State, t.Ended)));
        Assert.Equal((RunState.Failed, "load failed"), ((await runs.GetRunAsync(finished))!.State, (await runs.GetRunAsync(finished))!.Error));
    }

    [Fact]
    public async Task RunStore_SecondRunningRunOfADagAndMonth_IsRefusedUntilTheFirstEnds()
    {
        var runs = Warehouse.Runs;
        var first = await runs.StartRunAsync("monthly", Month1, "manual", T0);
        await runs.StartRunAsync("monthly", Month2, "manual", T0);
        await runs.StartRunAsync("other", Month1, "manual", T0);

        var refused = await Assert.ThrowsAsync<RunAlreadyActiveException>(() => runs.StartRunAsync("monthly", Month1, "schedule", T0));
        await runs.FinishRunAsync(first, RunState.Failed, T0.AddMinutes(1), "load failed");
        var next = await runs.StartRunAsync("monthly", Month1, "schedule", T0.AddMinutes(2));

        Assert.Equal(first, refused.RunId);
        Assert.True(next > first);
    }

    [Fact]
    public async Task Migrate_SchemaVersionIsTheSameOnEveryEngine()
    {
        await Warehouse.MigrateAsync();
        await Warehouse.MigrateAsync();

        Assert.Equal("6", Assert.Single(await RowsAsync("SELECT value FROM meta.info WHERE key = 'schema_version'"))[0]);
    }
}
