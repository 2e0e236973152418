namespace RxAtlas.Pipeline;

/// <summary>A DAG that cannot be built: a cycle, a dependency on an unknown task, a duplicate or malformed task id.</summary>
public sealed class DagDefinitionException : Exception
{
    public DagDefinitionException() : this("invalid DAG definition") { }

    public DagDefinitionException(string message) : base(message) { }

    public DagDefinitionException(string message, Exception inner) : base(message, inner) { }
}
