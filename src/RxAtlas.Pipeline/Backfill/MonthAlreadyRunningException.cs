using RxAtlas.Core;

namespace RxAtlas.Pipeline;

/// <summary>A run for this month is already active (in this process, or recorded as running in the run store).</summary>
public sealed class MonthAlreadyRunningException : Exception
{
    public MonthAlreadyRunningException(YearMonth month, long? runId)
        : base(runId is { } id ? $"Run {id} for {month} is still running. {IfGone(id, month)}" : $"A run for {month} is already active in this process.")
    {
        Month = month;
        RunId = runId;
    }

    public MonthAlreadyRunningException() : this("a run for this month is already active") { }

    public MonthAlreadyRunningException(string message) : base(message) { }

    public MonthAlreadyRunningException(string message, Exception inner) : base(message, inner) { }

    /// <summary>What to do about a run recorded as running whose process is gone.</summary>
    internal static string IfGone(long runId, YearMonth? month) =>
        $"If its process is gone (a host that was replaced, a killed container), `rxatlas runs --interrupt {runId}` marks it " +
        $"interrupted; `rxatlas run {(month is null ? "" : $"--month {month} ")}--resume {runId}` then continues it.";

    public YearMonth Month { get; }

    /// <summary>The active run when the store names one.</summary>
    public long? RunId { get; }
}
