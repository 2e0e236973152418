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

/// <summary>A failure notification that went out: the same failure (same DAG, month and error) is not notified again until a
/// while after <paramref name="NotifiedAt"/>. Kept with run history so every process (a <c>run</c> from cron, a restarted
/// <c>schedule</c>) remembers it.</summary>
public sealed record NotifiedFailure(string Dag, YearMonth Month, string Error, DateTimeOffset NotifiedAt);
