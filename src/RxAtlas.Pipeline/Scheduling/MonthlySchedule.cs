using RxAtlas.Core;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Scheduling;

/// <summary>Glue between a <see cref="Scheduler"/> and a monthly DAG.</summary>
public static class MonthlySchedule
{
    /// <summary>Releases come out about two months after the data month.</summary>
    public const int TypicalReleaseLagMonths = 2;

    /// <summary>A job that runs the month after the newest one loaded (or, for an empty warehouse, <paramref name="firstMonth"/>,
    /// else the fire date's month minus <see cref="TypicalReleaseLagMonths"/>). With no release yet that run ends Skipped, and
    /// the fire is used to run again the oldest month whose newest run did not finish
    /// (<see cref="MonthlyRunner.UnfinishedMonthsAsync"/>): a failed month is retried without ever holding up a new one.</summary>
    /// <returns>The run that did the work: the retry when there was one, else the month's own run.</returns>
    public static Func<ScheduledFire, CancellationToken, Task<DagRunResult>> Job(MonthlyRunner runner, IWarehouse warehouse, YearMonth? firstMonth = null) =>
        async (fire, cancellationToken) =>
        {
            var loaded = await warehouse.LoadedMonthsAsync(cancellationToken).ConfigureAwait(false);
            var month = NextMonth(loaded, firstMonth, fire.FireTime);
            var result = await runner.RunMonthAsync(month, "schedule", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.State != RunState.Skipped) return result;
            var unfinished = await runner.UnfinishedMonthsAsync(cancellationToken).ConfigureAwait(false);
            return unfinished.Count == 0 || unfinished[0] == month
                ? result
                : await runner.RunMonthAsync(unfinished[0], "schedule", cancellationToken: cancellationToken).ConfigureAwait(false);
        };

    /// <summary>The month a scheduled run should try.</summary>
    public static YearMonth NextMonth(IReadOnlyList<YearMonth> loaded, YearMonth? firstMonth, DateTimeOffset fireTime) =>
        loaded.Count > 0 ? loaded.Max().Next()
        : firstMonth ?? YearMonth.FromDate(DateOnly.FromDateTime(fireTime.UtcDateTime)).AddMonths(-TypicalReleaseLagMonths);

    /// <summary>When the schedule last fired: the start of the newest run of <paramref name="dag"/> triggered by it.</summary>
    public static async Task<DateTimeOffset?> LastFireAsync(IRunStore store, string dag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var runs = await store.ListRunsAsync(MonthlyRunner.ActiveRunLookback, cancellationToken).ConfigureAwait(false);
        return runs.FirstOrDefault(r => r.Dag == dag && r.Trigger == "schedule")?.Started;
    }
}
