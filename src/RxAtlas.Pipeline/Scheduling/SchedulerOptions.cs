using RxAtlas.Pipeline.Notifications;

namespace RxAtlas.Pipeline.Scheduling;

/// <summary>How a <see cref="Scheduler"/> behaves around its fire times.</summary>
public sealed record SchedulerOptions
{
    /// <summary>On start, run every fire time missed since <see cref="LastFire"/> (oldest first) before waiting. Off by default:
    /// missed fires are dropped and the scheduler waits for the next one.</summary>
    public bool CatchUp { get; init; }

    /// <summary>When this schedule last fired (e.g. the newest <c>schedule</c> run's start); the catch-up starting point.</summary>
    public DateTimeOffset? LastFire { get; init; }

    /// <summary>Told about every run that succeeded or failed.</summary>
    public IRunNotifier? Notifier { get; init; }

    /// <summary>Also notify about runs that ended Skipped (no new release). Off by default.</summary>
    public bool NotifySkipped { get; init; }

    /// <summary>Where the scheduler writes what it is doing.</summary>
    public Action<string>? Log { get; init; }
}
