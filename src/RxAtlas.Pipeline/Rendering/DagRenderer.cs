using System.Text;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>Draws a DAG for <c>rxatlas dag</c>: an indented text outline or a Mermaid flowchart, optionally with task states.</summary>
public static class DagRenderer
{
    /// <summary>One line per task in run order, indented by depth, naming its dependencies:
    /// <code>
    /// prescribing_monthly
    ///   acquire
    ///     stage_prescribing  &lt;- acquire
    /// </code></summary>
    public static string Text(Dag dag, IReadOnlyDictionary<string, RunState>? states = null)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var depth = Depths(dag);
        var width = dag.Tasks.Max(t => 2 * (depth[t.Id] + 1) + t.Id.Length);
        string? StateOf(DagTask t) => states is null ? null : $"[{(states.TryGetValue(t.Id, out var s) ? s.ToString() : "not run")}]";
        var stateWidth = states is null ? 0 : dag.Tasks.Max(t => StateOf(t)!.Length);
        var text = new StringBuilder().Append(dag.Name).Append('\n');
        foreach (var task in dag.Tasks)
        {
            var line = new StringBuilder().Append(' ', 2 * (depth[task.Id] + 1)).Append(task.Id);
            if (StateOf(task) is { } state) line.Append(' ', width - line.Length + 2).Append(state.PadRight(stateWidth));
            if (task.DependsOn.Count > 0) line.Append(' ', Math.Max(0, width + (states is null ? 0 : stateWidth + 2) - line.Length)).Append("  <- ").AppendJoin(", ", task.DependsOn);
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A Mermaid flowchart: <c>graph TD</c>, one <c>a --&gt; b</c> edge per dependency; with states, each task is
    /// classed by its state (success, failed, …).</summary>
    public static string Mermaid(Dag dag, IReadOnlyDictionary<string, RunState>? states = null)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var text = new StringBuilder("graph TD\n");
        foreach (var task in dag.Tasks)
        {
            if (task.DependsOn.Count == 0 && !dag.Downstream(task.Id).Any()) text.Append("    ").Append(task.Id).Append('\n');
            foreach (var dependency in task.DependsOn) text.Append("    ").Append(dependency).Append(" --> ").Append(task.Id).Append('\n');
        }

        if (states is not null)
        {
            foreach (var (name, style) in StateStyles) text.Append("    classDef ").Append(name).Append(' ').Append(style).Append('\n');
            foreach (var task in dag.Tasks)
            {
                if (states.TryGetValue(task.Id, out var state))
                    text.Append("    class ").Append(task.Id).Append(' ').Append(state.ToString().ToLowerInvariant()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static readonly (string Name, string Style)[] StateStyles =
    [
        ("success", "fill:#c8e6c9,stroke:#2e7d32"),
        ("failed", "fill:#ffcdd2,stroke:#c62828"),
        ("upstreamfailed", "fill:#ffe0b2,stroke:#ef6c00"),
        ("skipped", "fill:#eeeeee,stroke:#9e9e9e"),
        ("running", "fill:#bbdefb,stroke:#1565c0"),
        ("cancelled", "fill:#f5f5f5,stroke:#616161,stroke-dasharray:4"),
        ("interrupted", "fill:#fff9c4,stroke:#f9a825"),
        ("queued", "fill:#ffffff,stroke:#9e9e9e"),
    ];

    /// <summary>Longest path from a root to each task.</summary>
    private static Dictionary<string, int> Depths(Dag dag)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in dag.Tasks) depth[task.Id] = task.DependsOn.Count == 0 ? 0 : task.DependsOn.Max(d => depth[d]) + 1;
        return depth;
    }
}
