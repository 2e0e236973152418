using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Scheduling;

/// <summary>Fires a job at each occurrence of a <see cref="CronSchedule"/>, on an injected clock, until cancelled; notifies
/// about each run's outcome. A failing job (or notifier) is reported and the schedule carries on.</summary>
/// <remarks>
/// A fire whose job cannot start because the warehouse is unreachable (<see cref="SchedulerOptions.ShouldRetryStart"/>) is
/// tried again after each of <see cref="SchedulerOptions.StartRetryDelays"/>, never past the next fire time, before it is
/// reported failed. Runs that ended Success, Failed or Cancelled (the scheduler being stopped mid-run) are notified; a
/// failure already notified for the same month with the same error is not notified again until
/// <see cref="SchedulerOptions.RepeatFailureAlertAfter"/> has passed (a different error, or a success, notifies at once);
/// what was notified is kept in <see cref="SchedulerOptions.NotifiedFailures"/> (<see cref="RepeatedFailures"/>).
/// </remarks>
public sealed class Scheduler
{
    /// <summary>Longest single wait, so far-off fire times stay within <see cref="Task.Delay(TimeSpan)"/>'s range.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly CronSchedule _schedule;
    private readonly Func<ScheduledFire, CancellationToken, Task<DagRunResult>> _job;
    private readonly TimeProvider _time;
    private readonly SchedulerOptions _options;

    /// <summary>What was notified, so a permanently failing month is not re-alerted every fire.</summary>
    private readonly RepeatedFailures _repeated;

    /// <param name="job">What to run at each fire time; returns the run it made (see <see cref="MonthlySchedule.Job"/>).</param>
    public Scheduler(CronSchedule schedule, Func<ScheduledFire, CancellationToken, Task<DagRunResult>> job, TimeProvider? time = null,
        SchedulerOptions? options = null)
    {
        _schedule = schedule;
        _job = job;
        _time = time ?? TimeProvider.System;
        _options = options ?? new SchedulerOptions();
        _repeated = new RepeatedFailures(_options.NotifiedFailures ?? new InMemoryRunStore(), _options.RepeatFailureAlertAfter, _time, Log);
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
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await _job(fire, cancellationToken).ConfigureAwait(false);
                summary = RunSummary.From(result, "schedule");
                Log(result.Forgotten
                    ? $"Nothing to do for {result.Month} at {fire.FireTime:u} (no new or changed release); no run recorded."
                    : $"Run {result.RunId} for {result.Month} ended {result.State}{(result.Error is null ? "" : ": " + result.Error)}.");
                if (result.Forgotten) summary = summary with { RunId = null };
                break;
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
                var error = ErrorText.Describe(e);
                if (RetryDelay(attempt, e, now) is { } delay)
                {
                    Log($"Scheduled run at {fire.FireTime:u} could not start: {error}; trying again in {delay} " +
                        $"(retry {attempt + 1} of {_options.StartRetryDelays.Count}).");
                    _options.OnConnectionLost?.Invoke(e);
                    if (!await WaitUntilAsync(now + delay, cancellationToken).ConfigureAwait(false)) return;
                    continue;
                }

                summary = new RunSummary("schedule", null, null, RunState.Failed, fire.FireTime, now, error, new Dictionary<string, RunState>(), "schedule");
                Log($"Scheduled run at {fire.FireTime:u} could not run: {error}" +
                    (attempt > 0 ? $" (gave up after {attempt} retr{(attempt == 1 ? "y" : "ies")}; the next fire tries again)." : ""));
                break;
            }
        }

        if (summary.State == RunState.Cancelled)
        {
            // Stopping the scheduler cancelled the run: tell someone, but do not hold up the shutdown for long.
            using var limit = new CancellationTokenSource(_options.CancelledNotificationTimeout, _time);
            await NotifyAsync(summary, limit.Token).ConfigureAwait(false);
        }
        else if (summary.State is RunState.Success or RunState.Failed || summary.State == RunState.Skipped && _options.NotifySkipped)
        {
            bool notify;
            try
            {
                notify = await _repeated.ShouldNotifyAsync(summary, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopping: the loop ends normally
            }
            if (notify) await NotifyAsync(summary, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before retrying a fire that could not start, or null to give up until the next fire: the failure is
    /// not one waiting cures, the retries are used up, or the retry would fall after the next fire time.</summary>
    private TimeSpan? RetryDelay(int attempt, Exception failure, DateTimeOffset now)
    {
        if (attempt >= _options.StartRetryDelays.Count || !_options.ShouldRetryStart(failure)) return null;
        var delay = _options.StartRetryDelays[attempt];
        return NextOccurrence(now) is { } next && now + delay >= next ? null : delay;
    }

    private async Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        if (_options.Notifier is not { } notifier) return;
        try
        {
            await notifier.NotifyAsync(summary, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log($"Notification of {summary.Headline} abandoned: it took too long.");
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
