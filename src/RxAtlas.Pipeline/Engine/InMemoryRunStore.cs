using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>Run history held in memory: for tests and dry runs. Thread-safe.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DagRun> _runs = [];
    private readonly List<TaskInstance> _tasks = [];
    private readonly Dictionary<long, RunOwner> _owners = [];
    private readonly Dictionary<(string Dag, YearMonth Month), NotifiedFailure> _notified = [];
    private long _nextId = 1;

    /// <summary>The process recorded as running the runs this store starts (default this one).</summary>
    public RunOwner Owner { get; set; } = RunOwner.Current;

    public Task<RunOwner?> GetRunOwnerAsync(long runId, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_owners.GetValueOrDefault(runId));
    }

    public Task<long> StartRunAsync(string dag, YearMonth? month, string trigger, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (month is not null && _runs.Values.Where(r => r.Dag == dag && r.Month == month && r.State == RunState.Running).MaxBy(r => r.RunId) is { } active)
                throw new RunAlreadyActiveException(active.RunId);
            var id = _nextId++;
            _runs[id] = new DagRun(id, dag, month, trigger, started, null, RunState.Running, null);
            _owners[id] = Owner;
            return Task.FromResult(id);
        }
    }

    public Task FinishRunAsync(long runId, RunState state, DateTimeOffset ended, string? error, CancellationToken cancellationToken = default)
    {
        lock (_gate) _runs[runId] = Find(runId) with { State = state, Ended = ended, Error = error };
        return Task.CompletedTask;
    }

    public Task ReopenRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        lock (_gate) _runs[runId] = Find(runId) with { State = RunState.Running, Ended = null, Error = null };
        return Task.CompletedTask;
    }

    public Task SaveTaskAsync(TaskInstance task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            Find(task.RunId);
            var index = _tasks.FindIndex(t => t.RunId == task.RunId && t.TaskId == task.TaskId && t.TryNumber == task.TryNumber);
            if (index >= 0) _tasks[index] = task;
            else _tasks.Add(task);
        }

        return Task.CompletedTask;
    }

    public Task<DagRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_runs.GetValueOrDefault(runId));
    }

    public Task<IReadOnlyList<DagRun>> ListRunsAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<DagRun>>([.. _runs.Values.OrderByDescending(r => r.Started).ThenByDescending(r => r.RunId).Take(limit)]);
    }

    public Task<IReadOnlyList<TaskInstance>> ListTasksAsync(long runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TaskInstance>>(
                [.. _tasks.Where(t => t.RunId == runId).Select((t, i) => (t, i)).OrderBy(p => p.t.Started).ThenBy(p => p.i).Select(p => p.t)]);
        }
    }

    public Task<int> MarkAbandonedRunsInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var abandoned = _runs.Values.Where(r => r.State == RunState.Running).ToList();
            foreach (var run in abandoned) _runs[run.RunId] = run with { State = RunState.Interrupted, Ended = null, Error = "the process running it stopped" };
            return Task.FromResult(abandoned.Count);
        }
    }

    public Task<bool> InterruptRunAsync(long runId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run) || run.State != RunState.Running) return Task.FromResult(false);
            _runs[runId] = run with { State = RunState.Interrupted, Ended = null, Error = reason };
            for (var i = 0; i < _tasks.Count; i++)
                if (_tasks[i].RunId == runId && _tasks[i].State == RunState.Running) _tasks[i] = _tasks[i] with { State = RunState.Interrupted, Ended = null };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _tasks.RemoveAll(t => t.RunId == runId);
            _owners.Remove(runId);
            return Task.FromResult(_runs.Remove(runId));
        }
    }

    public Task<NotifiedFailure?> GetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_notified.GetValueOrDefault((dag, month)));
    }

    public Task SaveNotifiedFailureAsync(NotifiedFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate) _notified[(failure.Dag, failure.Month)] = failure;
        return Task.CompletedTask;
    }

    public Task ForgetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default)
    {
        lock (_gate) _notified.Remove((dag, month));
        return Task.CompletedTask;
    }

    private DagRun Find(long runId) => _runs.TryGetValue(runId, out var run) ? run : throw new KeyNotFoundException($"There is no run {runId}.");
}
