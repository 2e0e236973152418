using System.Threading.Channels;
using RxAtlas.Core;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Pipeline.Scheduling;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Scheduling;

public class SchedulerTests
{
    private readonly RecordingTimeProvider _time = new(); // Monday 5 January 2026, 06:00 UTC (GMT)
    private readonly Channel<ScheduledFire> _fires = Channel.CreateUnbounded<ScheduledFire>();
    private readonly RecordingNotifier _notifier = new();
    private readonly Queue<RunState> _outcomes = new();

    private Task<DagRunResult> Job(ScheduledFire fire, CancellationToken cancellationToken)
    {
        _fires.Writer.TryWrite(fire);
        var state = _outcomes.Count > 0 ? _outcomes.Dequeue() : RunState.Success;
        if (state == RunState.Queued) throw new MonthAlreadyRunningException(new YearMonth(2025, 11), 3);
        return Task.FromResult(new DagRunResult(1, "d", new YearMonth(2025, 11), state, fire.FireTime, fire.FireTime, state == RunState.Failed ? "load: bad" : null,
            new Dictionary<string, RunState>()));
    }

    private Scheduler Scheduler(SchedulerOptions? options = null) =>
        new(CronSchedule.Parse("0 7 * * *"), Job, _time, (options ?? new SchedulerOptions()) with { Notifier = _notifier });

    private Task<ScheduledFire> NextFire() => _fires.Reader.ReadAsync().AsTask().Within();

    [Fact]
    public async Task Run_WaitsForEachFireTimeOnTheClockAndNotifiesSuccessAndFailure()
    {
        _outcomes.Enqueue(RunState.Success);
        _outcomes.Enqueue(RunState.Skipped);
        _outcomes.Enqueue(RunState.Failed);
        using var cts = new CancellationTokenSource();
        var loop = Scheduler().RunAsync(cts.Token);

        Assert.Equal(TimeSpan.FromHours(1), await _time.FireNextTimerAsync());
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero), (await NextFire()).FireTime);
        Assert.Equal(TimeSpan.FromDays(1), await _time.FireNextTimerAsync());
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 7, 0, 0, TimeSpan.Zero), (await NextFire()).FireTime);
        Assert.Equal(TimeSpan.FromDays(1), await _time.FireNextTimerAsync());
        await NextFire();
        await _time.NextTimerAsync();
        await cts.CancelAsync();
        await loop.Within();

        Assert.Equal([RunState.Success, RunState.Failed], _notifier.Received.Select(s => s.State));
        Assert.Equal("load: bad", _notifier.Received[1].Error);
    }

    [Fact]
    public async Task Run_CatchUpOn_RunsMissedFiresOldestFirstBeforeWaiting()
    {
        using var cts = new CancellationTokenSource();
        var options = new SchedulerOptions { CatchUp = true, LastFire = new DateTimeOffset(2026, 1, 2, 7, 0, 0, TimeSpan.Zero) };
        var loop = Scheduler(options).RunAsync(cts.Token);

        var first = await NextFire();
        var second = await NextFire();
        Assert.Equal(TimeSpan.FromHours(1), await _time.NextTimerAsync());
        await cts.CancelAsync();
        await loop.Within();

        Assert.Equal([new DateTimeOffset(2026, 1, 3, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 4, 7, 0, 0, TimeSpan.Zero)],
            [first.FireTime, second.FireTime]);
        Assert.True(first.CatchUp);
    }

    [Fact]
    public async Task Run_CatchUpOn_RunLastingPastTheNextFireTime_RunsItRightAfter()
    {
        using var cts = new CancellationTokenSource();
        var options = new SchedulerOptions { CatchUp = true };
        var slow = new Scheduler(CronSchedule.Parse("0 7 * * *"), async (fire, ct) =>
        {
            var result = await Job(fire, ct);
            if (fire.FireTime.Day == 5) _time.Advance(TimeSpan.FromHours(25)); // the 5th's run ends at 08:00 on the 6th
            return result;
        }, _time, options);
        var loop = slow.RunAsync(cts.Token);

        await _time.FireNextTimerAsync();
        var first = await NextFire();
        var second = await NextFire();
        Assert.Equal(TimeSpan.FromHours(23), await _time.NextTimerAsync());
        await cts.CancelAsync();
        await loop.Within();

        Assert.False(first.CatchUp);
        Assert.Equal((new DateTimeOffset(2026, 1, 6, 7, 0, 0, TimeSpan.Zero), true), (second.FireTime, second.CatchUp));
    }

    [Fact]
    public async Task Run_CatchUpOff_DropsMissedFires()
    {
        using var cts = new CancellationTokenSource();
        var options = new SchedulerOptions { LastFire = new DateTimeOffset(2026, 1, 2, 7, 0, 0, TimeSpan.Zero) };
        var loop = Scheduler(options).RunAsync(cts.Token);

        Assert.Equal(TimeSpan.FromHours(1), await _time.NextTimerAsync());
        await cts.CancelAsync();
        await loop.Within();

        Assert.False(_fires.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Run_JobThrows_NotifiesFailureAndKeepsGoing()
    {
        _outcomes.Enqueue(RunState.Queued); // makes the job throw
        using var cts = new CancellationTokenSource();
        var loop = Scheduler().RunAsync(cts.Token);

        await _time.FireNextTimerAsync();
        await NextFire();
        Assert.Equal(TimeSpan.FromDays(1), await _time.NextTimerAsync());
        await cts.CancelAsync();
        await loop.Within();

        var failure = Assert.Single(_notifier.Received);
        Assert.Equal(RunState.Failed, failure.State);
        Assert.Contains("still running", failure.Error);
    }

    [Fact]
    public void NextMonth_AfterNewestLoadedElseLaggedFireMonth()
    {
        var fire = new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(new YearMonth(2019, 12), MonthlySchedule.NextMonth([new YearMonth(2019, 10), new YearMonth(2019, 11)], null, fire));
        Assert.Equal(new YearMonth(2025, 11), MonthlySchedule.NextMonth([], null, fire));
        Assert.Equal(new YearMonth(2019, 1), MonthlySchedule.NextMonth([], new YearMonth(2019, 1), fire));
    }

    private sealed class RecordingNotifier : IRunNotifier
    {
        public List<RunSummary> Received { get; } = [];

        public Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
        {
            Received.Add(summary);
            return Task.CompletedTask;
        }
    }
}
