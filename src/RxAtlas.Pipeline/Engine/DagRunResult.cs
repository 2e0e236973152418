using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>How a run ended and the final state of each task (tasks that never started are absent).</summary>
public sealed record DagRunResult(
    long RunId,
    string Dag,
    YearMonth? Month,
    RunState State,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    string? Error,
    IReadOnlyDictionary<string, RunState> Tasks)
{
    /// <summary>Rows affected per task, where reported.</summary>
    public IReadOnlyDictionary<string, long> Rows { get; init; } = new Dictionary<string, long>();

    /// <summary>On a resumed run, the tasks whose earlier success was kept without running them again, in DAG order.</summary>
    public IReadOnlyList<string> Kept { get; init; } = [];

    /// <summary>True when the run found nothing to do and was removed from run history (a scheduled fire: see
    /// <see cref="Scheduling.MonthlySchedule.Job"/>); <see cref="RunId"/> no longer names a stored run.</summary>
    public bool Forgotten { get; init; }
}
