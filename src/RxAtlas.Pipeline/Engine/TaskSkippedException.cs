namespace RxAtlas.Pipeline;

/// <summary>Thrown by a task to end itself <see cref="Warehouse.Runs.RunState.Skipped"/> (e.g. no new release):
/// its downstream tasks are skipped too and, with nothing failed, the run ends Skipped rather than Failed.</summary>
public sealed class TaskSkippedException : Exception
{
    public TaskSkippedException() : this("skipped") { }

    public TaskSkippedException(string reason) : base(reason) { }

    public TaskSkippedException(string reason, Exception inner) : base(reason, inner) { }
}
