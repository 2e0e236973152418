namespace RxAtlas.Web.Runs;

/// <summary>The shape of the DAGs whose runs <c>/api/runs</c> lists, so the runs page can draw their graphs.
/// The CLI registers one built from the pipeline's DAG definitions; the default describes none.</summary>
public interface IDagDescription
{
    IReadOnlyList<DagShape> Dags { get; }
}

/// <summary>One DAG: its tasks in a sensible display order and its dependency edges.</summary>
public sealed record DagShape(string Name, IReadOnlyList<string> Tasks, IReadOnlyList<DagEdge> Edges);

/// <summary><paramref name="Upstream"/> must finish before <paramref name="Downstream"/> starts.</summary>
public sealed record DagEdge(string Upstream, string Downstream);

/// <summary>Describes no DAG: the runs page then lays tasks out from the task instances alone.</summary>
public sealed class EmptyDagDescription : IDagDescription
{
    public IReadOnlyList<DagShape> Dags { get; } = [];
}

/// <summary>A fixed list of DAG shapes.</summary>
public sealed class StaticDagDescription(IReadOnlyList<DagShape> dags) : IDagDescription
{
    public IReadOnlyList<DagShape> Dags { get; } = dags;
}
