using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Scheduling;

/// <summary>Fires a job at each occurrence of a <see cref="CronSchedule"/>, on an injected clock, until cancelled; notifies
/// about each run's outcome. A failing job (or notifier) is reported and the schedule carries on.</summary>
public sealed class Scheduler
{
    /// <summary>Longest single wait, so far-off fire times stay within <see cref="Task.Delay(TimeSpan)"/>'s range.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly CronSchedule _schedule;
    private readonly Func<ScheduledFire, CancellationToken, Task<DagRunResult>> _job;
    private readonly TimeProvider _time;
    private readonly SchedulerOptions _options;

    /// <param name="job">What to run at each fire time; returns the run it made (see <see cref="MonthlySchedule.Job"/>).</param>
    public Scheduler(CronSchedule schedule, Func<ScheduledFire, CancellationToken, Task<DagRunResult>> job, TimeProvider? time = null,
        SchedulerOptions? options = null)
    {
        _schedule = schedule;
        _job = job;
        _time = time ?? TimeProvider.System;
        _options = options ?? new SchedulerOptions();
    }

    public CronSchedule Schedule => _schedule;

    /// <summary>The next fire time strictly after <paramref name="from"/>.</summary>
    public DateTimeOffset? NextOccurrence(DateTimeOffset from) => _schedule.NextOccurrence(from);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (then returns normally) or the schedule has no more fire times.</summary>
    /// <remarks>With <see cref="SchedulerOptions.CatchUp"/>, every fire time after the last one run (at start,
    /// <see cref="SchedulerOptions.LastFire"/>) is run in turn, including any missed while a long run was going on; without it,
    /// the scheduler always waits for the next fire time after now.</remarks>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = _options.CatchUp ? _options.LastFire : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            if (NextOccurrence(last ?? now) is not { } next)
            {
                Log($"Schedule {_schedule} has no further fire times.");
                return;
            }

            if (next > now)
            {
                Log($"Next run at {next:u} ({TimeZoneInfo.ConvertTime(next, _schedule.TimeZone):yyyy-MM-dd HH:mm zzz} {_schedule.TimeZone.Id}).");
                if (!await WaitUntilAsync(next, cancellationToken).ConfigureAwait(false)) return;
            }
            else
            {
                Log($"Catching up the run missed at {next:u}.");
            }

            await FireAsync(new ScheduledFire(next, CatchUp: next < now), cancellationToken).ConfigureAwait(false);
            if (_options.CatchUp) last = next;
        }
    }

    private async Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        try
        {
            for (var left = due - _time.GetUtcNow(); left > TimeSpan.Zero; left = due - _time.GetUtcNow())
                await Task.Delay(left < LongestWait ? left : LongestWait, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task FireAsync(ScheduledFire fire, CancellationToken cancellationToken)
    {
        RunSummary summary;
        try
        {
            var result = await _job(fire, cancellationToken).ConfigureAwait(false);
            summary = RunSummary.From(result, "schedule");
            Log($"Run {result.RunId} for {result.Month} ended {result.State}{(result.Error is null ? "" : ": " + result.Error)}.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // the schedule must survive a failing run and report it
        catch (Exception e)
#pragma warning restore CA1031
        {
            var now = _time.GetUtcNow();
            summary = new RunSummary("schedule", null, null, RunState.Failed, fire.FireTime, now, ErrorText.Describe(e), new Dictionary<string, RunState>(), "schedule");
            Log($"Scheduled run at {fire.FireTime:u} could not run: {summary.Error}");
        }

        if (summary.State is RunState.Success or RunState.Failed || summary.State == RunState.Skipped && _options.NotifySkipped)
            await NotifyAsync(summary, cancellationToken).ConfigureAwait(false);
    }

    private async Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        if (_options.Notifier is not { } notifier) return;
        try
        {
            await notifier.NotifyAsync(summary, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // an unreachable webhook or mail server must not stop the schedule
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log($"Notification failed: {ErrorText.Describe(e)}");
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);
}

/// <summary>One firing of a schedule.</summary>
/// <param name="FireTime">The occurrence being run (UTC instant).</param>
/// <param name="CatchUp">True when it is a missed occurrence being caught up.</param>
public sealed record ScheduledFire(DateTimeOffset FireTime, bool CatchUp);
