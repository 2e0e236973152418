namespace RxAtlas.Pipeline;

/// <summary>How a backfill runs its months.</summary>
public sealed record BackfillOptions
{
    /// <summary>Months run at once; 1 runs them one after another, oldest first.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Reload months that are already loaded.</summary>
    public bool Force { get; init; }

    public string Trigger { get; init; } = "backfill";

    /// <summary>Asked for each month already loaded (and finished): true runs it anyway. The monthly prescribing DAG's
    /// <c>PrescribingDag.ListSizesArrivedAsync</c> (the CLI's) runs a loaded month whose list sizes in the lake are not the
    /// warehouse's, or that has none in the warehouse and whose list sizes, looked up alone, have been published since;
    /// <c>PrescribingDag.ListSizesPendingAsync</c> reads only the lake and the warehouse.
    /// A month for which it throws is run too (its run then reports the problem). Null: loaded months are left alone.</summary>
    public Func<Core.YearMonth, CancellationToken, Task<bool>>? RunLoadedMonthWhen { get; init; }

    /// <summary>Awaited as each month's run ends, before the month counts as finished, with the run's summary (trigger
    /// <see cref="Trigger"/>); a month whose run could not start (the warehouse is unreachable, say) is passed as a failed
    /// summary without a run id. Months not run (already loaded, already running elsewhere, cancelled before they started)
    /// are not passed. The CLI notifies here as <c>rxatlas run</c> does (<see cref="Notifications.RepeatedFailures"/>); it
    /// should report its own failures: only its cancellation, when the backfill is cancelled, is swallowed. Null: nothing.</summary>
    public Func<Notifications.RunSummary, CancellationToken, Task>? OnRunEnded { get; init; }

    /// <summary>Called as each month finishes (from the thread that ran it).</summary>
    public Action<MonthOutcome>? OnMonthFinished { get; init; }
}
