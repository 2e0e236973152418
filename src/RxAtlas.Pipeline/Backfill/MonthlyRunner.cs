using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>Runs a per-month DAG for one month, making sure no other run for that month is active.</summary>
/// <remarks>Two guards: an in-process <see cref="MonthRunGate"/>, and the run store (a run of this DAG and month still
/// marked running among the latest <see cref="ActiveRunLookback"/> runs, e.g. from another process).</remarks>
public sealed class MonthlyRunner
{
    /// <summary>How many of the newest runs are searched for an active run of the same month.</summary>
    public const int ActiveRunLookback = 500;

    private readonly DagRunner _runner;
    private readonly IRunStore _store;
    private readonly MonthRunGate _gate;

    public MonthlyRunner(Dag dag, DagRunner runner, IRunStore store, MonthRunGate? gate = null)
    {
        Dag = dag;
        _runner = runner;
        _store = store;
        _gate = gate ?? MonthRunGate.Process;
    }

    public Dag Dag { get; }

    /// <summary>The months whose newest run of this DAG did not finish (failed, interrupted or cancelled), oldest first,
    /// among the latest <see cref="ActiveRunLookback"/> runs. Such a month may be loaded but never checked or published, so
    /// a backfill or a schedule runs it again rather than count it done.</summary>
    public async Task<IReadOnlyList<YearMonth>> UnfinishedMonthsAsync(CancellationToken cancellationToken = default)
    {
        var runs = await _store.ListRunsAsync(ActiveRunLookback, cancellationToken).ConfigureAwait(false);
        return [.. runs.Where(r => r.Dag == Dag.Name && r.Month is not null)
            .GroupBy(r => r.Month!.Value)
            .Select(g => g.MaxBy(r => r.RunId)!)
            .Where(r => r.State is RunState.Failed or RunState.UpstreamFailed or RunState.Interrupted or RunState.Cancelled)
            .Select(r => r.Month!.Value)
            .Order()];
    }

    /// <summary>Removes a finished run from history (a scheduled fire that found nothing to do).</summary>
    public Task<bool> ForgetRunAsync(long runId, CancellationToken cancellationToken = default) => _store.DeleteRunAsync(runId, cancellationToken);

    /// <summary>Runs (or with <paramref name="resumeRunId"/>, resumes) the DAG for <paramref name="month"/>.</summary>
    /// <exception cref="MonthAlreadyRunningException">Another run for the month is active.</exception>
    public async Task<DagRunResult> RunMonthAsync(YearMonth month, string trigger = "manual", bool force = false, long? resumeRunId = null,
        CancellationToken cancellationToken = default)
    {
        using var lease = _gate.TryEnter(Dag.Name, month) ?? throw new MonthAlreadyRunningException(month, null);
        var recent = await _store.ListRunsAsync(ActiveRunLookback, cancellationToken).ConfigureAwait(false);
        var active = recent.FirstOrDefault(r => r.Dag == Dag.Name && r.Month == month && r.State == RunState.Running && r.RunId != resumeRunId);
        if (active is not null)
            throw new MonthAlreadyRunningException(month, active.RunId, await _store.GetRunOwnerAsync(active.RunId, CancellationToken.None).ConfigureAwait(false));
        try
        {
            return await _runner.RunAsync(Dag, new RunParameters(month, trigger, force), resumeRunId, cancellationToken).ConfigureAwait(false);
        }
        catch (RunAlreadyActiveException e)
        {
            // Another process started the month between the check above and this run's start: the store refused the second.
            throw new MonthAlreadyRunningException(month, e.RunId, await _store.GetRunOwnerAsync(e.RunId, CancellationToken.None).ConfigureAwait(false));
        }
    }
}
