using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Web.Tests.Fakes;

/// <summary>Runs and task instances in lists.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly List<DagRun> _runs = [];
    private readonly List<TaskInstance> _tasks = [];

    public Task<long> StartRunAsync(string dag, YearMonth? month, string trigger, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        var id = _runs.Count + 1L;
        _runs.Add(new DagRun(id, dag, month, trigger, started, null, RunState.Running, null));
        return Task.FromResult(id);
    }

    public Task FinishRunAsync(long runId, RunState state, DateTimeOffset ended, string? error, CancellationToken cancellationToken = default)
    {
        var i = _runs.FindIndex(r => r.RunId == runId);
        _runs[i] = _runs[i] with { State = state, Ended = ended, Error = error };
        return Task.CompletedTask;
    }

    public Task ReopenRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        var i = _runs.FindIndex(r => r.RunId == runId);
        _runs[i] = _runs[i] with { State = RunState.Running, Ended = null };
        return Task.CompletedTask;
    }

    public Task SaveTaskAsync(TaskInstance task, CancellationToken cancellationToken = default)
    {
        _tasks.RemoveAll(t => t.RunId == task.RunId && t.TaskId == task.TaskId && t.TryNumber == task.TryNumber);
        _tasks.Add(task);
        return Task.CompletedTask;
    }

    public Task<DagRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_runs.FirstOrDefault(r => r.RunId == runId));

    public Task<IReadOnlyList<DagRun>> ListRunsAsync(int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DagRun>>([.. _runs.OrderByDescending(r => r.RunId).Take(limit)]);

    public Task<IReadOnlyList<TaskInstance>> ListTasksAsync(long runId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaskInstance>>([.. _tasks.Where(t => t.RunId == runId).OrderBy(t => t.Started)]);

    public Task<int> MarkAbandonedRunsInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
}
