using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.Tests.Contract;

public abstract partial class WarehouseContractTests
{
    [Fact]
    public async Task NotifiedFailures_NextProcess_DoesNotRepeatTheSameFailureWithinADay_DoesAfterIt_AndNotifiesAnotherAtOnce()
    {
        var clock = new SettableClock(T0);
        Task<bool> NotifyAsync(RunState state, string? error, string dag = "prescribing_monthly") =>
            new RepeatedFailures(Warehouse.Runs, TimeSpan.FromDays(1), clock).ShouldNotifyAsync(
                new RunSummary(dag, 1, Month1, state, clock.Now, clock.Now, error, new Dictionary<string, RunState>(), "manual"), CancellationToken.None);

        Assert.True(await NotifyAsync(RunState.Failed, "load: bad file")); // first process: notified
        await ReopenAsync();
        clock.Now = T0.AddHours(23);
        Assert.False(await NotifyAsync(RunState.Failed, "load: bad file")); // a later process, same day: remembered
        Assert.True(await NotifyAsync(RunState.Failed, "load: bad file", dag: "another_dag")); // another DAG's failure is its own
        await ReopenAsync();
        clock.Now = T0.AddDays(1);
        Assert.True(await NotifyAsync(RunState.Failed, "load: bad file")); // a day later: notified again
        await ReopenAsync();
        clock.Now = T0.AddDays(1).AddHours(1);
        Assert.True(await NotifyAsync(RunState.Failed, "check: totals differ")); // another failure: at once
        await ReopenAsync();
        Assert.False(await NotifyAsync(RunState.Failed, "check: totals differ"));
        Assert.Equal(new NotifiedFailure("prescribing_monthly", Month1, "check: totals differ", T0.AddDays(1).AddHours(1)),
            await Warehouse.Runs.GetNotifiedFailureAsync("prescribing_monthly", Month1));

        Assert.True(await NotifyAsync(RunState.Success, null)); // a success forgets it
        await ReopenAsync();
        Assert.Null(await Warehouse.Runs.GetNotifiedFailureAsync("prescribing_monthly", Month1));
        Assert.True(await NotifyAsync(RunState.Failed, "check: totals differ"));
        Assert.NotNull(await Warehouse.Runs.GetNotifiedFailureAsync("another_dag", Month1));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
