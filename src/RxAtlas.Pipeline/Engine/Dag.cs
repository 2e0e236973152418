namespace RxAtlas.Pipeline;

/// <summary>A validated, immutable DAG; build one with <see cref="DagBuilder"/>.</summary>
public sealed class Dag
{
    private readonly Dictionary<string, DagTask> _byId;

    internal Dag(string name, IReadOnlyList<DagTask> tasksInOrder)
    {
        Name = name;
        Tasks = tasksInOrder;
        _byId = tasksInOrder.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>Every task, each after all of its dependencies (declaration order where free).</summary>
    public IReadOnlyList<DagTask> Tasks { get; }

    public DagTask this[string id] => _byId.TryGetValue(id, out var task) ? task : throw new KeyNotFoundException($"DAG {Name} has no task '{id}'.");

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>Tasks that depend directly on <paramref name="id"/>.</summary>
    public IEnumerable<DagTask> Downstream(string id) => Tasks.Where(t => t.DependsOn.Contains(id, StringComparer.Ordinal));
}
