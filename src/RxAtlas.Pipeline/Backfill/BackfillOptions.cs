namespace RxAtlas.Pipeline;

/// <summary>How a backfill runs its months.</summary>
public sealed record BackfillOptions
{
    /// <summary>Months run at once; 1 runs them one after another, oldest first.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Reload months that are already loaded.</summary>
    public bool Force { get; init; }

    public string Trigger { get; init; } = "backfill";

    /// <summary>Called as each month finishes (from the thread that ran it).</summary>
    public Action<MonthOutcome>? OnMonthFinished { get; init; }
}
