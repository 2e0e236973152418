namespace RxAtlas.Pipeline;

/// <summary>How one task is retried and how long each try may take.</summary>
/// <remarks>The original Airflow DAGs retried 3 times, 5 minutes apart: <see cref="Airflow"/>.</remarks>
public sealed record TaskOptions
{
    /// <summary>No retries, no timeout.</summary>
    public static TaskOptions Default { get; } = new();

    /// <summary>The original project's defaults: 3 retries, 5 minutes apart.</summary>
    public static TaskOptions Airflow { get; } = new() { Retries = 3, RetryDelay = TimeSpan.FromMinutes(5) };

    /// <summary>Retries after the first try; a task runs at most <c>Retries + 1</c> times.</summary>
    public int Retries { get; init; }

    /// <summary>Wait before the first retry.</summary>
    public TimeSpan RetryDelay { get; init; }

    /// <summary>Double the wait after each retry (<see cref="RetryDelay"/>, 2×, 4×, …), capped by <see cref="MaxRetryDelay"/>.</summary>
    public bool ExponentialBackoff { get; init; }

    /// <summary>Upper bound on the wait between tries when backing off.</summary>
    public TimeSpan? MaxRetryDelay { get; init; }

    /// <summary>Decides whether a failure is worth retrying (null: every failure is); bad data, say, is not.</summary>
    public Func<Exception, bool>? ShouldRetry { get; init; }

    /// <summary>Run this task again when its run is resumed, even if it succeeded before: for idempotent tasks whose inputs
    /// may have been corrected since (acquisition re-copies a fixed source file; unchanged files are not copied). Downstream
    /// tasks wait for it; those that succeeded before are kept if it reports <see cref="TaskContext.OutputChanged"/> false,
    /// and run again otherwise.</summary>
    public bool RerunOnResume { get; init; }

    /// <summary>Longest one try may run; on expiry the task sees cancellation and the try fails (and may be retried).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The wait before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan DelayBeforeRetry(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        if (!ExponentialBackoff) return RetryDelay;
        var factor = Math.Pow(2, Math.Min(retry - 1, 30));
        var ticks = RetryDelay.Ticks * factor;
        var cap = MaxRetryDelay ?? TimeSpan.MaxValue;
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }
}
