using System.Net.Sockets;
using System.Threading.Channels;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Pipeline.Scheduling;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Scheduling;

/// <summary>Start retries when the warehouse is down, cancelled runs, and repeated failures.</summary>
public class SchedulerNotificationTests
{
    private static readonly YearMonth November = new(2025, 11);
    private readonly RecordingTimeProvider _time = new(); // Monday 5 January 2026, 06:00 UTC
    private readonly Channel<ScheduledFire> _fires = Channel.CreateUnbounded<ScheduledFire>();
    private readonly List<RunSummary> _notified = [];
    private readonly List<bool> _notifiedAlreadyCancelled = [];
    private readonly List<string> _log = [];
    private readonly Queue<Func<CancellationToken, DagRunResult>> _outcomes = new();

    private Task<DagRunResult> Job(ScheduledFire fire, CancellationToken cancellationToken)
    {
        _fires.Writer.TryWrite(fire);
        return Task.FromResult(_outcomes.Count > 0 ? _outcomes.Dequeue()(cancellationToken) : Result(RunState.Success, null));
    }

    private DagRunResult Result(RunState state, string? error) =>
        new(1, "d", November, state, _time.GetUtcNow(), _time.GetUtcNow(), error, new Dictionary<string, RunState>());

    private Scheduler Scheduler(string cron = "0 7 * * *", SchedulerOptions? options = null) =>
        new(CronSchedule.Parse(cron), Job, _time, (options ?? new SchedulerOptions()) with
        {
            Notifier = new Recording(_notified, _notifiedAlreadyCancelled),
            Log = line => { lock (_log) _log.Add(line); },
        });

    private Task<ScheduledFire> NextFire() => _fires.Reader.ReadAsync().AsTask().Within();

    [Fact]
    public async Task Fire_WarehouseDown_RetriesAfterABackoffAndRunsWhenItIsBack()
    {
        _outcomes.Enqueue(_ => throw new NpgsqlException("Failed to connect to 127.0.0.1:55432", new SocketException((int)SocketError.ConnectionRefused)));
        var cleared = 0;
        using var cts = new CancellationTokenSource();
        var loop = Scheduler(options: new SchedulerOptions { OnConnectionLost = _ => cleared++ }).RunAsync(cts.Token);

        await _time.FireNextTimerAsync();
        await NextFire();
        Assert.Equal(TimeSpan.FromSeconds(30), await _time.FireNextTimerAsync()); // the first start retry
        var retried = await NextFire();
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero), retried.FireTime);
        await _time.NextTimerAsync(); // waiting for the next day's fire
        await cts.CancelAsync();
        await loop.Within();

        Assert.Equal(RunState.Success, Assert.Single(_notified).State);
        Assert.Equal(1, cleared);
        Assert.Contains(_log, l => l.Contains("could not start", StringComparison.Ordinal) && l.Contains("trying again in 00:00:30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fire_WarehouseDownThroughEveryRetry_GivesUpUntilTheNextFireAndSaysSo()
    {
        for (var i = 0; i < 4; i++) _outcomes.Enqueue(_ => throw new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));
        using var cts = new CancellationTokenSource();
        var loop = Scheduler(options: new SchedulerOptions { StartRetryDelays = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)] }).RunAsync(cts.Token);

        await _time.FireNextTimerAsync();
        await NextFire();
        Assert.Equal(TimeSpan.FromSeconds(30), await _time.FireNextTimerAsync());
        await NextFire();
        Assert.Equal(TimeSpan.FromMinutes(2), await _time.FireNextTimerAsync());
        await NextFire();
        var untilNextFire = await _time.NextTimerAsync();
        await cts.CancelAsync();
        await loop.Within();

        Assert.True(untilNextFire > TimeSpan.FromHours(23));
        Assert.Equal(RunState.Failed, Assert.Single(_notified).State);
        Assert.Contains(_log, l => l.Contains("gave up after 2 retries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fire_RunCancelledByStoppingTheScheduler_IsNotified()
    {
        using var cts = new CancellationTokenSource();
        _outcomes.Enqueue(token =>
        {
            cts.Cancel(); // SIGTERM mid-run: the DAG ends the run Cancelled
            return Result(RunState.Cancelled, "cancelled");
        });
        var loop = Scheduler().RunAsync(cts.Token);

        await _time.FireNextTimerAsync();
        await loop.Within();

        var cancelled = Assert.Single(_notified);
        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.False(Assert.Single(_notifiedAlreadyCancelled)); // a live token (bounded by CancelledNotificationTimeout), not the stopped one
    }

    [Fact]
    public async Task Fire_SameMonthFailingTheSameWay_IsNotifiedOnceADayNotEveryFire()
    {
        _outcomes.Enqueue(_ => Result(RunState.Failed, "load: bad file"));
        _outcomes.Enqueue(_ => Result(RunState.Failed, "load: bad file"));
        _outcomes.Enqueue(_ => Result(RunState.Failed, "load: another error"));
        _outcomes.Enqueue(_ => Result(RunState.Success, null));
        _outcomes.Enqueue(_ => Result(RunState.Failed, "load: another error"));
        using var cts = new CancellationTokenSource();
        var loop = Scheduler("0 * * * *").RunAsync(cts.Token); // hourly

        for (var fire = 0; fire < 5; fire++)
        {
            await _time.FireNextTimerAsync();
            await NextFire();
        }
        await _time.NextTimerAsync();
        await cts.CancelAsync();
        await loop.Within();

        Assert.Equal([("load: bad file", RunState.Failed), ("load: another error", RunState.Failed), (null, RunState.Success), ("load: another error", RunState.Failed)],
            _notified.Select(n => (n.Error, n.State)));
        Assert.Contains(_log, l => l.StartsWith("Not notifying again: 2025-11 failed the same way", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fire_SchedulerRestartedOnTheSameWarehouse_RemembersTheFailureItNotified()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "rxatlas.duckdb");

        async Task FireOnceAsync(string error)
        {
            // A new scheduler and warehouse object per fire: a restarted `schedule`, or a new process from cron.
            await using var warehouse = new DuckDbWarehouse(path);
            _outcomes.Enqueue(_ => Result(RunState.Failed, error));
            using var cts = new CancellationTokenSource();
            var loop = Scheduler("0 * * * *", new SchedulerOptions { NotifiedFailures = warehouse.Runs }).RunAsync(cts.Token); // hourly
            await _time.FireNextTimerAsync();
            await NextFire();
            await _time.NextTimerAsync();
            await cts.CancelAsync();
            await loop.Within();
        }

        await FireOnceAsync("load: bad file");       // Monday 07:00: notified
        await FireOnceAsync("load: bad file");       // 08:00, another process: the same failure an hour later is not
        _time.Advance(TimeSpan.FromHours(23));
        await FireOnceAsync("load: bad file");       // Tuesday 08:00: a day later, notified again
        await FireOnceAsync("check: totals differ"); // 09:00: another failure, at once
        await FireOnceAsync("check: totals differ"); // 10:00: not again

        Assert.Equal(["load: bad file", "load: bad file", "check: totals differ"], _notified.Select(n => n.Error));
    }

    private sealed class Recording(List<RunSummary> received, List<bool> alreadyCancelled) : IRunNotifier
    {
        public Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
        {
            received.Add(summary);
            alreadyCancelled.Add(cancellationToken.IsCancellationRequested);
            return Task.CompletedTask;
        }
    }
}
