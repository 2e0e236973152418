using RxAtlas.Core;

namespace RxAtlas.Warehouse.Runs;

/// <summary>Persists DAG runs and task instances (the warehouse's metadata schema; in memory for tests).</summary>
public interface IRunStore
{
    /// <summary>Creates a run in state <see cref="RunState.Running"/> and returns its id (unique across every process using
    /// the warehouse).</summary>
    /// <exception cref="RunAlreadyActiveException">A run of the same DAG and month is recorded as running (checked and created
    /// atomically, across processes).</exception>
    Task<long> StartRunAsync(string dag, YearMonth? month, string trigger, DateTimeOffset started, CancellationToken cancellationToken = default);

    Task FinishRunAsync(long runId, RunState state, DateTimeOffset ended, string? error, CancellationToken cancellationToken = default);

    /// <summary>Marks an existing run running again (resume).</summary>
    Task ReopenRunAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the task instance with this (run, task, try).</summary>
    Task SaveTaskAsync(TaskInstance task, CancellationToken cancellationToken = default);

    Task<DagRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<DagRun>> ListRunsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Every try of every task of the run, in start order.</summary>
    Task<IReadOnlyList<TaskInstance>> ListTasksAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Runs left <see cref="RunState.Running"/> by a process that died become <see cref="RunState.Interrupted"/>; their
    /// end, and their running tasks' ends, are recorded as unknown (null), not as the time they were found dead.</summary>
    Task<int> MarkAbandonedRunsInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks one run <see cref="RunState.Interrupted"/> (with its running tasks) when it is still recorded as running:
    /// for an operator who knows its process is gone where this process cannot tell (another host). Returns false, changing
    /// nothing, when the run is not running.</summary>
    Task<bool> InterruptRunAsync(long runId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default);

    /// <summary>The process that started (or last resumed) the run, when recorded: says whether a run shown running is
    /// really alive (<see cref="RunOwner.IsAlive"/>).</summary>
    Task<RunOwner?> GetRunOwnerAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Removes a finished run and its task instances (a scheduled fire that found nothing to do is logged, not kept).
    /// Returns false when there is no such run.</summary>
    Task<bool> DeleteRunAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The failure last notified for the DAG's month, or null when none is remembered (none was, or a success
    /// forgot it).</summary>
    Task<NotifiedFailure?> GetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default);

    /// <summary>Remembers a failure notification, replacing the one remembered for its DAG and month.</summary>
    Task SaveNotifiedFailureAsync(NotifiedFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Forgets the failure notified for the DAG's month (it succeeded): its next failure is notified at once.</summary>
    Task ForgetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default);
}
