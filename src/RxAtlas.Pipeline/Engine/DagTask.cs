namespace RxAtlas.Pipeline;

/// <summary>One task of a <see cref="Dag"/>: an id, the work, the tasks it waits for and its retry/timeout options.</summary>
public sealed record DagTask(string Id, Func<TaskContext, Task> Action, IReadOnlyList<string> DependsOn, TaskOptions Options);
