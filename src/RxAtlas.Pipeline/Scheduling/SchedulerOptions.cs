using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Scheduling;

/// <summary>How a <see cref="Scheduler"/> behaves around its fire times.</summary>
public sealed record SchedulerOptions
{
    /// <summary>On start, run every fire time missed since <see cref="LastFire"/> (oldest first) before waiting. Off by default:
    /// missed fires are dropped and the scheduler waits for the next one.</summary>
    public bool CatchUp { get; init; }

    /// <summary>When this schedule last fired (e.g. the newest <c>schedule</c> run's start); the catch-up starting point.</summary>
    public DateTimeOffset? LastFire { get; init; }

    /// <summary>Told about every run that succeeded, failed or was cancelled by stopping the scheduler (a repeated failure
    /// is told at most once per <see cref="RepeatFailureAlertAfter"/>).</summary>
    public IRunNotifier? Notifier { get; init; }

    /// <summary>Also notify about runs that ended Skipped (no new release). Off by default.</summary>
    public bool NotifySkipped { get; init; }

    /// <summary>Waits before retrying a fire whose job could not start (default 30 s, 2 min, 5 min); a retry that would fall
    /// after the next fire time is not made.</summary>
    public IReadOnlyList<TimeSpan> StartRetryDelays { get; init; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)];

    /// <summary>Which start failures are retried: by default a lost or refused database connection
    /// (<see cref="TransientFailures.IsTransient"/>); another run of the month being active, say, is not.</summary>
    public Func<Exception, bool> ShouldRetryStart { get; init; } = TransientFailures.IsTransient;

    /// <summary>Called before a start retry caused by a lost connection, e.g. to clear the connection pool.</summary>
    public Action<Exception>? OnConnectionLost { get; init; }

    /// <summary>Longest wait for the notification of a run cancelled by stopping the scheduler (default 5 s).</summary>
    public TimeSpan CancelledNotificationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A month that fails with the same error as the failure last notified for it is notified again only after this
    /// long (default a day). A different error notifies at once; a success resets it.</summary>
    public TimeSpan RepeatFailureAlertAfter { get; init; } = RepeatedFailures.DefaultInterval;

    /// <summary>Where the failures notified are remembered: the warehouse's run history (<c>IWarehouse.Runs</c>), so a restarted
    /// scheduler, or a <c>rxatlas run</c> from cron, does not notify the same failure again within
    /// <see cref="RepeatFailureAlertAfter"/>. Null (the default): in this scheduler's memory only.</summary>
    public IRunStore? NotifiedFailures { get; init; }

    /// <summary>Where the scheduler writes what it is doing.</summary>
    public Action<string>? Log { get; init; }
}
