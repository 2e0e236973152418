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
    /// <param name="rerunNewestWhen">Asked, on a fire that found no new month and none unfinished, about the newest loaded
    /// month: true runs it again (the monthly prescribing DAG's <c>PrescribingDag.ListSizesWantedAsync</c>: its list sizes
    /// are not in the warehouse yet, or the lake holds others, so the run fetches and loads them). Null: never.</param>
    /// <returns>The run that did the work: the retry when there was one, else the month's own run. A run that found nothing
    /// to do (ended Skipped) for a month that was not unfinished is removed from run history, so a schedule firing daily does
    /// not fill <c>rxatlas runs</c> with Skipped runs; the result says so (<see cref="DagRunResult.Forgotten"/>). A Skipped
    /// run that follows an unfinished one is kept: it is what records that month as done.</returns>
    public static Func<ScheduledFire, CancellationToken, Task<DagRunResult>> Job(MonthlyRunner runner, IWarehouse warehouse, YearMonth? firstMonth = null,
        Func<YearMonth, CancellationToken, Task<bool>>? rerunNewestWhen = null) =>
        async (fire, cancellationToken) =>
        {
            var loaded = await warehouse.LoadedMonthsAsync(cancellationToken).ConfigureAwait(false);
            var month = NextMonth(loaded, firstMonth, fire.FireTime);
            var unfinishedBefore = await runner.UnfinishedMonthsAsync(cancellationToken).ConfigureAwait(false);
            var result = await runner.RunMonthAsync(month, "schedule", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.State != RunState.Skipped) return result;
            result = await ForgetIfNothingDoneAsync(runner, result, unfinishedBefore, cancellationToken).ConfigureAwait(false);
            var unfinished = await runner.UnfinishedMonthsAsync(cancellationToken).ConfigureAwait(false);
            if (unfinished.Count > 0 && unfinished[0] != month)
                return await runner.RunMonthAsync(unfinished[0], "schedule", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (unfinished.Count == 0 && loaded.Count > 0 && rerunNewestWhen is not null && await rerunNewestWhen(loaded.Max(), cancellationToken).ConfigureAwait(false))
            {
                var rerun = await runner.RunMonthAsync(loaded.Max(), "schedule", cancellationToken: cancellationToken).ConfigureAwait(false);
                return await ForgetIfNothingDoneAsync(runner, rerun, unfinishedBefore, cancellationToken).ConfigureAwait(false);
            }
            return result;
        };

    /// <summary>Removes a Skipped run from history unless its month was unfinished before it (then it records the month done).</summary>
    private static async Task<DagRunResult> ForgetIfNothingDoneAsync(MonthlyRunner runner, DagRunResult result, IReadOnlyList<YearMonth> unfinishedBefore,
        CancellationToken cancellationToken)
    {
        if (result.State != RunState.Skipped || result.Month is not { } month || unfinishedBefore.Contains(month)) return result;
        await runner.ForgetRunAsync(result.RunId, cancellationToken).ConfigureAwait(false);
        return result with { Forgotten = true };
    }

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
