namespace RxAtlas.Pipeline;

/// <summary>Declares a DAG's tasks in code; <see cref="Build"/> checks it (unknown dependencies, cycles, duplicate ids).</summary>
/// <example><code>
/// var dag = new DagBuilder("example")
///     .Task("extract", ctx => Extract(ctx))
///     .Task("load", ctx => Load(ctx), dependsOn: ["extract"])
///     .Build();
/// </code></example>
public sealed class DagBuilder
{
    private readonly string _name;
    private readonly TaskOptions _defaults;
    private readonly List<DagTask> _tasks = [];

    /// <param name="name">The DAG id, recorded with every run.</param>
    /// <param name="defaults">Options for tasks declared without their own.</param>
    public DagBuilder(string name, TaskOptions? defaults = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
        _defaults = defaults ?? TaskOptions.Default;
    }

    /// <summary>Adds a task. Dependencies may name tasks declared later; they are resolved by <see cref="Build"/>.</summary>
    public DagBuilder Task(string id, Func<TaskContext, Task> action, IReadOnlyList<string>? dependsOn = null, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new DagDefinitionException($"Task id '{id}' is not valid: use letters, digits and underscores.");
        if (_tasks.Any(t => t.Id == id)) throw new DagDefinitionException($"Task id '{id}' is declared twice in DAG {_name}.");
        _tasks.Add(new DagTask(id, action, [.. (dependsOn ?? []).Distinct(StringComparer.Ordinal)], options ?? _defaults));
        return this;
    }

    /// <summary>Validates and freezes the DAG.</summary>
    /// <exception cref="DagDefinitionException">A dependency on an unknown task, or a cycle (the message shows it).</exception>
    public Dag Build()
    {
        var byId = _tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (var task in _tasks)
        foreach (var dependency in task.DependsOn)
        {
            if (!byId.ContainsKey(dependency))
                throw new DagDefinitionException($"Task '{task.Id}' in DAG {_name} depends on unknown task '{dependency}'.");
        }

        return new Dag(_name, TopologicalOrder(byId));
    }

    /// <summary>Kahn's algorithm, ties broken by declaration order so the result is stable.</summary>
    private List<DagTask> TopologicalOrder(Dictionary<string, DagTask> byId)
    {
        var remaining = _tasks.ToDictionary(t => t.Id, t => t.DependsOn.Count, StringComparer.Ordinal);
        var ordered = new List<DagTask>(_tasks.Count);
        while (ordered.Count < _tasks.Count)
        {
            var next = _tasks.FirstOrDefault(t => remaining.TryGetValue(t.Id, out var open) && open == 0);
            if (next is null) throw new DagDefinitionException($"DAG {_name} has a cycle: {DescribeCycle(byId, remaining.Keys)}.");
            remaining.Remove(next.Id);
            ordered.Add(next);
            foreach (var task in _tasks)
            {
                if (remaining.ContainsKey(task.Id) && task.DependsOn.Contains(next.Id, StringComparer.Ordinal)) remaining[task.Id]--;
            }
        }

        return ordered;
    }

    /// <summary>Walks dependencies from an unresolved task until one repeats: that stretch is a cycle.</summary>
    private static string DescribeCycle(Dictionary<string, DagTask> byId, IEnumerable<string> unresolved)
    {
        var open = unresolved.ToHashSet(StringComparer.Ordinal);
        var path = new List<string>();
        var current = open.First();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = byId[current].DependsOn.First(open.Contains);
        }

        var cycle = path.Skip(path.IndexOf(current)).Append(current);
        return string.Join(" -> ", cycle);
    }
}
