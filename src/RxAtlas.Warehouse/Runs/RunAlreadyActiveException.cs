namespace RxAtlas.Warehouse.Runs;

/// <summary>A run of the same DAG and month is already recorded as running: <see cref="IRunStore.StartRunAsync"/> refuses a
/// second, whichever process asks, so one month is never loaded by two runs at once.</summary>
public sealed class RunAlreadyActiveException : InvalidOperationException
{
    public RunAlreadyActiveException(long runId)
        : base($"Run {runId} of the same DAG and month is still running.") => RunId = runId;

    public RunAlreadyActiveException() : base("A run of the same DAG and month is still running.") { }

    public RunAlreadyActiveException(string message) : base(message) { }

    public RunAlreadyActiveException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The run that is active.</summary>
    public long RunId { get; }
}
