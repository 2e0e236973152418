using RxAtlas.Core;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>Runs a per-month DAG for every month of a range: oldest first, or several at once; months already loaded are
/// left alone unless forced, except those whose newest run did not finish (<see cref="MonthlyRunner.UnfinishedMonthsAsync"/>)
/// and those <see cref="BackfillOptions.RunLoadedMonthWhen"/> picks; a failing month does not stop the others.</summary>
public sealed class Backfill
{
    private readonly MonthlyRunner _runner;
    private readonly Func<CancellationToken, Task<IReadOnlyList<YearMonth>>> _loadedMonths;

    /// <param name="loadedMonths">The months already loaded (usually <see cref="IWarehouse.LoadedMonthsAsync"/>).</param>
    public Backfill(MonthlyRunner runner, Func<CancellationToken, Task<IReadOnlyList<YearMonth>>> loadedMonths)
    {
        _runner = runner;
        _loadedMonths = loadedMonths;
    }

    public Backfill(MonthlyRunner runner, IWarehouse warehouse) : this(runner, warehouse.LoadedMonthsAsync) { }

    public async Task<BackfillSummary> RunAsync(YearMonth from, YearMonth to, BackfillOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BackfillOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1);
        if (from > to) throw new ArgumentException($"The range {from}..{to} is empty: {from} is after {to}.", nameof(from));
        var months = YearMonth.Range(from, to).ToList();
        var loaded = options.Force ? [] : (await _loadedMonths(cancellationToken).ConfigureAwait(false)).ToHashSet();
        loaded.ExceptWith(await _runner.UnfinishedMonthsAsync(cancellationToken).ConfigureAwait(false));
        if (options.RunLoadedMonthWhen is { } runAnyway)
        {
            foreach (var month in months.Where(loaded.Contains).ToList())
            {
                bool run;
                try
                {
                    run = await runAnyway(month, cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a month the question fails for (a malformed file, say) is run, and its run reports why
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    run = true;
                }
                if (run) loaded.Remove(month);
            }
        }
        var outcomes = new MonthOutcome[months.Count];
        using var slots = new SemaphoreSlim(options.Parallelism);
        var running = new List<Task>();
        for (var i = 0; i < months.Count; i++)
        {
            var (index, month) = (i, months[i]);
            if (loaded.Contains(month))
            {
                outcomes[index] = Finish(options, new MonthOutcome(month, BackfillStatus.AlreadyLoaded, null, null));
                continue;
            }

            try
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                outcomes[index] = Finish(options, new MonthOutcome(month, BackfillStatus.Cancelled, null, "cancelled before it started"));
                continue;
            }

            running.Add(Task.Run(async () =>
            {
                try
                {
                    outcomes[index] = Finish(options, await RunMonthAsync(month, options, cancellationToken).ConfigureAwait(false));
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        return new BackfillSummary(outcomes);
    }

    private async Task<MonthOutcome> RunMonthAsync(YearMonth month, BackfillOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        DagRunResult result;
        try
        {
            result = await _runner.RunMonthAsync(month, options.Trigger, options.Force, null, cancellationToken).ConfigureAwait(false);
        }
        catch (MonthAlreadyRunningException e)
        {
            return new MonthOutcome(month, BackfillStatus.AlreadyRunning, e.RunId, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new MonthOutcome(month, BackfillStatus.Cancelled, null, "cancelled");
        }
#pragma warning disable CA1031 // one month's failure is recorded in the summary and must not stop the other months
        catch (Exception e)
#pragma warning restore CA1031
        {
            var error = ErrorText.Describe(e);
            await RunEndedAsync(options, new RunSummary(_runner.Dag.Name, null, month, RunState.Failed, started, DateTimeOffset.UtcNow, error,
                new Dictionary<string, RunState>(), options.Trigger), cancellationToken).ConfigureAwait(false);
            return new MonthOutcome(month, BackfillStatus.Failed, null, error);
        }

        await RunEndedAsync(options, RunSummary.From(result, options.Trigger), cancellationToken).ConfigureAwait(false);
        var status = result.State switch
        {
            RunState.Success => BackfillStatus.Succeeded,
            RunState.Skipped => BackfillStatus.Skipped,
            RunState.Cancelled => BackfillStatus.Cancelled,
            _ => BackfillStatus.Failed,
        };
        return new MonthOutcome(month, status, result.RunId, result.Error);
    }

    /// <summary>Hands a month's run summary to <see cref="BackfillOptions.OnRunEnded"/>; its cancellation (the backfill being
    /// cancelled) does not change the month's outcome.</summary>
    private static async Task RunEndedAsync(BackfillOptions options, RunSummary summary, CancellationToken cancellationToken)
    {
        if (options.OnRunEnded is not { } onRunEnded) return;
        try
        {
            await onRunEnded(summary, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static MonthOutcome Finish(BackfillOptions options, MonthOutcome outcome)
    {
        options.OnMonthFinished?.Invoke(outcome);
        return outcome;
    }
}
