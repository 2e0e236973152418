using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Web.Runs;

/// <summary>The body of <c>GET /api/runs</c>: DAG shapes (edges for the graph) and runs, newest first.</summary>
public sealed record RunsResponse(IReadOnlyList<DagShape> Dags, IReadOnlyList<RunEntry> Runs);

/// <summary>One DAG run with every try of every task.</summary>
public sealed record RunEntry(
    long RunId, string Dag, string? Month, string Trigger, DateTimeOffset Started, DateTimeOffset? Ended,
    RunState State, string? Error, double? DurationSeconds, IReadOnlyList<TaskEntry> Tasks)
{
    internal static RunEntry From(DagRun run, IReadOnlyList<TaskInstance> tasks) => new(
        run.RunId, run.Dag, run.Month?.ToString(), run.Trigger, run.Started, run.Ended, run.State, run.Error,
        Seconds(run.Started, run.Ended), [.. tasks.Select(TaskEntry.From)]);

    internal static double? Seconds(DateTimeOffset started, DateTimeOffset? ended) =>
        ended is { } e ? Math.Round((e - started).TotalSeconds, 3) : null;
}

/// <summary>One try of one task.</summary>
public sealed record TaskEntry(
    string TaskId, int TryNumber, DateTimeOffset Started, DateTimeOffset? Ended, RunState State,
    string? Error, long? RowsAffected, double? DurationSeconds, IReadOnlyList<string> Log)
{
    internal static TaskEntry From(TaskInstance t) => new(
        t.TaskId, t.TryNumber, t.Started, t.Ended, t.State, t.Error, t.RowsAffected, RunEntry.Seconds(t.Started, t.Ended), t.Log);
}
