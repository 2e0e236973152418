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
}
