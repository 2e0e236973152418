using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline;

/// <summary>A run for this month is already active (in this process, or recorded as running in the run store).</summary>
public sealed class MonthAlreadyRunningException : Exception
{
    /// <param name="owner">The process the run store says is running it, when known: the advice depends on whether it is alive.</param>
    public MonthAlreadyRunningException(YearMonth month, long? runId, RunOwner? owner = null)
        : base(runId is { } id ? Describe(id, month, owner) : $"A run for {month} is already active in this process.")
    {
        Month = month;
        RunId = runId;
    }

    public MonthAlreadyRunningException() : this("a run for this month is already active") { }

    public MonthAlreadyRunningException(string message) : base(message) { }

    public MonthAlreadyRunningException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Says who is running the month: a live process is named (wait for it, or stop it); only a process known to be
    /// gone, or one on another host that cannot be checked, gets the advice to mark the run interrupted.</summary>
    internal static string Describe(long runId, YearMonth month, RunOwner? owner)
    {
        if (owner is null) return $"Run {runId} for {month} is still running. {IfGone(runId, month)}";
        var who = $"process {owner.ProcessId} on {owner.Host}";
        if (!owner.IsAlive())
            return $"Run {runId} for {month} is marked running, but its {who} is gone: `rxatlas runs --interrupt {runId}` marks it interrupted; " +
                   $"`rxatlas run --month {month} --resume {runId}` then continues it.";
        if (string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            return $"Run {runId} for {month} is being run by {who}, which is alive: wait for it to finish (`rxatlas runs`), or stop that process first.";
        return $"Run {runId} for {month} is being run by {who}, another host this process cannot check: wait for it to finish. {IfGone(runId, month)}";
    }

    /// <summary>What to do about a run recorded as running whose process is gone.</summary>
    internal static string IfGone(long runId, YearMonth? month) =>
        $"If its process is gone (a host that was replaced, a killed container), `rxatlas runs --interrupt {runId}` marks it " +
        $"interrupted; `rxatlas run {(month is null ? "" : $"--month {month} ")}--resume {runId}` then continues it.";

    public YearMonth Month { get; }

    /// <summary>The active run when the store names one.</summary>
    public long? RunId { get; }
}
