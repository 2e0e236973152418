using RxAtlas.Core;
using RxAtlas.Warehouse;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>An error-level data-quality check failed after the load; the month is not published.</summary>
public sealed class QualityCheckFailedException : Exception
{
    public QualityCheckFailedException(YearMonth month, IReadOnlyList<CheckResult> failed)
        : base($"{failed.Count} error-level check(s) failed for {month}: {string.Join("; ", failed.Select(c => $"{c.Name} ({c.Detail})"))}")
    {
        Month = month;
        Failed = failed;
    }

    public QualityCheckFailedException() : this("quality checks failed") { }

    public QualityCheckFailedException(string message) : base(message) => Failed = [];

    public QualityCheckFailedException(string message, Exception inner) : base(message, inner) => Failed = [];

    public YearMonth Month { get; }

    public IReadOnlyList<CheckResult> Failed { get; }
}
