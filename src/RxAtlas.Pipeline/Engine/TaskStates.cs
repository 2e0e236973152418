using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>Helpers over recorded task instances.</summary>
public static class TaskStates
{
    /// <summary>Each task's state in its latest try (e.g. to colour <see cref="DagRenderer"/> output for a past run).</summary>
    public static IReadOnlyDictionary<string, RunState> Latest(IEnumerable<TaskInstance> tries)
    {
        ArgumentNullException.ThrowIfNull(tries);
        return tries
            .GroupBy(t => t.TaskId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.TryNumber)!.State, StringComparer.Ordinal);
    }

    /// <summary>Each task's state in its latest try of run <paramref name="runId"/>, which must be a run of <paramref name="dag"/>.</summary>
    /// <exception cref="ArgumentException">There is no such run, or it is a run of another DAG.</exception>
    public static async Task<IReadOnlyDictionary<string, RunState>> OfRunAsync(IRunStore store, Dag dag, long runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dag);
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                  ?? throw new ArgumentException($"There is no run {runId}.", nameof(runId));
        if (run.Dag != dag.Name) throw new ArgumentException($"Run {runId} is a run of DAG {run.Dag}, not {dag.Name}.", nameof(runId));
        return Latest(await store.ListTasksAsync(runId, cancellationToken).ConfigureAwait(false));
    }
}
