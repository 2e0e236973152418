using RxAtlas.Core;

namespace RxAtlas.Warehouse;

/// <summary>Errors fail (and roll back) a load; warnings are recorded and shown, never blocking.</summary>
public enum CheckSeverity
{
    Error,
    Warning,
}

/// <summary>The outcome of one data-quality check.</summary>
/// <param name="Name">Stable identifier, e.g. <c>totals_match_source</c>.</param>
/// <param name="Month">The month checked, or null for a warehouse-wide check.</param>
/// <param name="Detail">Human-readable evidence: expected and actual values.</param>
/// <param name="Value">The measured quantity where there is one (a share, a count).</param>
public sealed record CheckResult(string Name, CheckSeverity Severity, bool Passed, YearMonth? Month, string Detail, decimal? Value = null);

/// <summary>A load refused by a failing error-level check or bad input; the warehouse is unchanged.</summary>
public sealed class LoadFailedException : Exception
{
    public LoadFailedException(YearMonth month, string message, IReadOnlyList<CheckResult> checks, Exception? inner = null)
        : base($"Load of {month} failed: {message}", inner)
    {
        Month = month;
        Checks = checks;
    }

    public LoadFailedException() : this(default, "unknown", []) { }

    public LoadFailedException(string message) : this(default, message, []) { }

    public LoadFailedException(string message, Exception inner) : this(default, message, [], inner) { }

    public YearMonth Month { get; }

    public IReadOnlyList<CheckResult> Checks { get; }
}

/// <summary>What a successful month load did.</summary>
public sealed record LoadReport(YearMonth Month, long SourceRows, long FactRows, SourceTotals Totals, IReadOnlyList<CheckResult> Checks, TimeSpan Elapsed)
{
    /// <summary>Where the time went, phase by phase (stage, upsert dimensions, replace fact, rollups, checks, commit).</summary>
    public IReadOnlyList<LoadPhase> Phases { get; init; } = [];

    /// <summary>The month's earlier load this one replaced, when that came from another dataset (PDPI, then EPD); null for a
    /// first load or a reload from the same dataset. The newest load always wins: a month holds one dataset's rows.</summary>
    public ReplacedLoad? Replaced { get; init; }
}

/// <summary>A month's earlier load, from another dataset, that a load replaced.</summary>
/// <param name="Dataset">The earlier load's dataset (<c>PDPI</c>, <c>EPD</c>; its files for a load recorded before datasets were).</param>
/// <param name="Description">The earlier load's files.</param>
/// <param name="Totals">What the earlier load held.</param>
/// <param name="ByDataset">The replacing load's dataset.</param>
/// <param name="ByDescription">The replacing load's files.</param>
public sealed record ReplacedLoad(string Dataset, string Description, SourceTotals Totals, string ByDataset, string ByDescription)
{
    /// <summary>One line for logs and the CLI, naming both datasets and their NIC, e.g. <c>replaced 2019-06's PDPI load
    /// (T201906PDPI BNFT.csv, NIC £1,896,650.94) with EPD (EPD_201906.csv)</c>.</summary>
    public string Describe(YearMonth month, SourceTotals byTotals)
    {
        ArgumentNullException.ThrowIfNull(byTotals);
        return $"replaced {month}'s earlier {Dataset} load ({Description}, NIC £{Nic(Totals)}) with {ByDataset} ({ByDescription}, NIC £{Nic(byTotals)})";
    }

    private static string Nic(SourceTotals totals) =>
        FixedPoint.ToDecimal(totals.NicPence, Scale.NicDigits).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One timed phase of a month load.</summary>
public sealed record LoadPhase(string Name, TimeSpan Elapsed);
