using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>The startup step: runs a killed process left <see cref="RunState.Running"/> become
/// <see cref="RunState.Interrupted"/>, so they list honestly and can be resumed with <see cref="DagRunner.RunAsync"/>.</summary>
/// <remarks>Call once when a process that runs DAGs starts, before it starts any run (it assumes no other process is running one).</remarks>
public static class RunRecovery
{
    /// <summary>Returns how many runs were marked interrupted.</summary>
    public static Task<int> MarkInterruptedAsync(IRunStore store, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.MarkAbandonedRunsInterruptedAsync((time ?? TimeProvider.System).GetUtcNow(), cancellationToken);
    }
}
