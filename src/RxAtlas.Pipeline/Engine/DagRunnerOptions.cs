using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>How a <see cref="DagRunner"/> runs tasks and reports progress.</summary>
public sealed record DagRunnerOptions
{
    /// <summary>Most tasks running at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>How long a cancelled or timed-out task is given to stop before it is abandoned.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called when a task or the run store fails because the warehouse's database connection was lost or refused
    /// (<see cref="TransientFailures.IsTransient"/>), before any retry: e.g. to clear the connection pool, whose other
    /// connections are dead too after a server restart, so the retry gets a fresh connection.</summary>
    public Action<Exception>? OnConnectionLost { get; init; }

    /// <summary>Waits before retrying a run-store write that failed on a lost connection (default 1 s, 5 s, 15 s, 30 s,
    /// 60 s: about two minutes, long enough for a database restart). When all fail, the run is stopped and recorded Failed
    /// if the store answers, else <see cref="DagRunner.RunAsync"/> throws <see cref="RunStoreUnavailableException"/>.</summary>
    public IReadOnlyList<TimeSpan> StoreRetryDelays { get; init; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)];

    /// <summary>Called with (task id, line) as each log line is written, for live console output; parallel tasks may call
    /// it from several threads at once.</summary>
    public Action<string, string>? OnLog { get; init; }

    /// <summary>Called whenever a task instance is saved (started, finished, skipped, upstream-failed), one call at a time.</summary>
    public Action<TaskInstance>? OnTaskChanged { get; init; }
}
