using RxAtlas.Core;

namespace RxAtlas.Pipeline;

/// <summary>What one run is for: the month, what triggered it, whether to redo work already done, and free-form extras.</summary>
/// <param name="Month">The data month, or null for a DAG that is not per month.</param>
/// <param name="Trigger"><c>manual</c>, <c>backfill</c>, <c>schedule</c>, … — recorded with the run.</param>
/// <param name="Force">Reload even if the month is already loaded and nothing changed.</param>
public sealed record RunParameters(YearMonth? Month, string Trigger = "manual", bool Force = false)
{
    /// <summary>Extra named values for tasks (e.g. a source directory).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}
