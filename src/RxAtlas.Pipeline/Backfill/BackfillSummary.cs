using RxAtlas.Core;

namespace RxAtlas.Pipeline;

/// <summary>What happened to one month of a backfill.</summary>
public enum BackfillStatus
{
    /// <summary>Loaded (the run succeeded).</summary>
    Succeeded,

    /// <summary>Already in the warehouse and not forced: no run.</summary>
    AlreadyLoaded,

    /// <summary>The run ended Skipped (no release for the month, or nothing changed).</summary>
    Skipped,

    Failed,

    /// <summary>Another run for the month was active.</summary>
    AlreadyRunning,

    /// <summary>Cancelled, or never started because the backfill was cancelled.</summary>
    Cancelled,
}

/// <param name="RunId">The DAG run, when one was started.</param>
public sealed record MonthOutcome(YearMonth Month, BackfillStatus Status, long? RunId, string? Error);

/// <summary>Per-month outcomes, oldest first.</summary>
public sealed record BackfillSummary(IReadOnlyList<MonthOutcome> Months)
{
    public int Count(BackfillStatus status) => Months.Count(m => m.Status == status);

    /// <summary>No month failed or was cancelled.</summary>
    public bool Ok => Months.All(m => m.Status is not (BackfillStatus.Failed or BackfillStatus.Cancelled));
}
