using RxAtlas.Core;

namespace RxAtlas.Warehouse.Runs;

/// <summary>States a DAG run or task instance passes through (Airflow's vocabulary).</summary>
public enum RunState
{
    Queued,
    Running,
    Success,
    Failed,
    Skipped,
    UpstreamFailed,
    Interrupted,
    Cancelled,
}

/// <summary>One run of a DAG, usually for one month.</summary>
public sealed record DagRun(
    long RunId,
    string Dag,
    YearMonth? Month,
    string Trigger,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    RunState State,
    string? Error);

/// <summary>One try of one task within a run.</summary>
public sealed record TaskInstance(
    long RunId,
    string TaskId,
    int TryNumber,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    RunState State,
    string? Error,
    long? RowsAffected,
    IReadOnlyList<string> Log);
