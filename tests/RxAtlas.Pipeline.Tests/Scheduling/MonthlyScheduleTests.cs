using RxAtlas.Core;
using RxAtlas.Pipeline.Scheduling;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Scheduling;

/// <summary>What a scheduled fire runs: the month after the newest loaded one, and on a fire with nothing new, a retry of
/// the oldest month whose last run did not finish.</summary>
public class MonthlyScheduleTests
{
    private static readonly YearMonth Oct = new(2019, 10);
    private static readonly YearMonth Nov = new(2019, 11);
    private static readonly YearMonth Dec = new(2019, 12);
    private readonly FakeWarehouse _warehouse = new();
    private readonly RecordingTimeProvider _time = new();
    private readonly List<YearMonth> _ran = [];
    private readonly HashSet<YearMonth> _released = [Oct, Nov];

    private MonthlyRunner Runner()
    {
        var dag = new DagBuilder("monthly")
            .Task("load", ctx =>
            {
                if (!_released.Contains(ctx.Month)) throw new TaskSkippedException($"no release for {ctx.Month} yet");
                _ran.Add(ctx.Month);
                return Task.CompletedTask;
            })
            .Build();
        return new MonthlyRunner(dag, new DagRunner(_warehouse.Runs, _time), _warehouse.Runs, new MonthRunGate());
    }

    private Task<DagRunResult> FireAsync() =>
        MonthlySchedule.Job(Runner(), _warehouse)(new ScheduledFire(_time.GetUtcNow(), CatchUp: false), CancellationToken.None).Within();

    [Fact]
    public async Task Job_NothingNew_RetriesTheOldestUnfinishedMonthThenNothing()
    {
        _warehouse.Loaded.UnionWith([Oct, Nov]);
        var failed = await _warehouse.Runs.StartRunAsync("monthly", Oct, "schedule", _time.GetUtcNow());
        await _warehouse.Runs.FinishRunAsync(failed, RunState.Failed, _time.GetUtcNow(), "check: totals differ");

        var retry = await FireAsync();
        var idle = await FireAsync();

        Assert.Equal((Oct, RunState.Success), (retry.Month, retry.State));
        Assert.Equal((Dec, RunState.Skipped), (idle.Month, idle.State));
        Assert.Equal([Oct], _ran);
    }

    [Fact]
    public async Task Job_FireWithNothingToDo_RecordsNoRun()
    {
        _warehouse.Loaded.UnionWith([Oct, Nov]);

        var first = await FireAsync();
        var second = await FireAsync();

        Assert.Equal((Dec, RunState.Skipped, true), (first.Month, first.State, first.Forgotten));
        Assert.True(second.Forgotten);
        Assert.Empty(await _warehouse.Runs.ListRunsAsync(10));
    }

    [Fact]
    public async Task Job_UnfinishedMonthNowFoundUpToDate_KeepsTheSkippedRunThatRecordsItDone()
    {
        _released.Remove(Oct); // its rerun ends Skipped: that run is what says the month is no longer unfinished
        _warehouse.Loaded.UnionWith([Nov]);
        var failed = await _warehouse.Runs.StartRunAsync("monthly", Oct, "schedule", _time.GetUtcNow());
        await _warehouse.Runs.FinishRunAsync(failed, RunState.Failed, _time.GetUtcNow(), "load: 57P01");

        var retry = await FireAsync();

        Assert.Equal((Oct, RunState.Skipped, false), (retry.Month, retry.State, retry.Forgotten));
        Assert.Equal([(Oct, RunState.Skipped), (Oct, RunState.Failed)], (await _warehouse.Runs.ListRunsAsync(10)).Select(r => (r.Month!.Value, r.State)));
        Assert.Empty(await Runner().UnfinishedMonthsAsync());
    }

    [Fact]
    public async Task Job_NothingNewNorUnfinished_RunsTheNewestLoadedMonthAgainWhenAskedTo()
    {
        _warehouse.Loaded.UnionWith([Oct, Nov]);
        var asked = new List<YearMonth>();
        var wanted = true;
        var job = MonthlySchedule.Job(Runner(), _warehouse, rerunNewestWhen: (month, _) =>
        {
            asked.Add(month);
            return Task.FromResult(wanted);
        });

        var rerun = await job(new ScheduledFire(_time.GetUtcNow(), CatchUp: false), CancellationToken.None).Within();
        wanted = false; // its list sizes are in the warehouse now
        var idle = await job(new ScheduledFire(_time.GetUtcNow(), CatchUp: false), CancellationToken.None).Within();

        Assert.Equal((Nov, RunState.Success), (rerun.Month, rerun.State));
        Assert.Equal((Dec, RunState.Skipped), (idle.Month, idle.State));
        Assert.Equal([Nov, Nov], asked);
        Assert.Equal([Nov], _ran);
    }

    [Fact]
    public async Task Job_NewRelease_RunsItAndLeavesTheRetryForAnIdleFire()
    {
        _warehouse.Loaded.UnionWith([Oct, Nov]);
        _released.Add(Dec);
        var failed = await _warehouse.Runs.StartRunAsync("monthly", Oct, "schedule", _time.GetUtcNow());
        await _warehouse.Runs.FinishRunAsync(failed, RunState.Failed, _time.GetUtcNow(), "check: totals differ");

        var result = await FireAsync();

        Assert.Equal((Dec, RunState.Success), (result.Month, result.State));
        Assert.Equal([Dec], _ran);
    }
}
