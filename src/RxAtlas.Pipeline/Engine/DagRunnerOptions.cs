using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>How a <see cref="DagRunner"/> runs tasks and reports progress.</summary>
public sealed record DagRunnerOptions
{
    /// <summary>Most tasks running at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>How long a cancelled or timed-out task is given to stop before it is abandoned.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called with (task id, line) as each log line is written, for live console output; parallel tasks may call
    /// it from several threads at once.</summary>
    public Action<string, string>? OnLog { get; init; }

    /// <summary>Called whenever a task instance is saved (started, finished, skipped, upstream-failed), one call at a time.</summary>
    public Action<TaskInstance>? OnTaskChanged { get; init; }
}
