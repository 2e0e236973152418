using RxAtlas.Core;

namespace RxAtlas.Warehouse.Queries;

/// <summary>What the user is looking at: BNF prefixes (empty = all prescribing), a month range, optionally a region or practice.</summary>
public sealed record Selection(
    IReadOnlyList<string> BnfPrefixes,
    YearMonth From,
    YearMonth To,
    string? RegionCode = null,
    string? PracticeCode = null);

/// <summary>The measure a map, ranking or chart is driven by.</summary>
public enum Metric
{
    Nic,
    ActualCost,
    Items,
    Quantity,
}

/// <summary>Exact sums for one practice, at <see cref="Scale"/>.</summary>
public sealed record PracticeMeasure(
    string PracticeCode,
    string? Name,
    double? Latitude,
    double? Longitude,
    long Items,
    long QuantityMilli,
    long NicPence,
    long ActualCostE5)
{
    /// <summary>The metric's value as an exact decimal in display units (pounds, items, quantity).</summary>
    public decimal Value(Metric metric) => metric switch
    {
        Metric.Nic => FixedPoint.ToDecimal(NicPence, Scale.NicDigits),
        Metric.ActualCost => FixedPoint.ToDecimal(ActualCostE5, Scale.ActualCostDigits),
        Metric.Items => Items,
        Metric.Quantity => FixedPoint.ToDecimal(QuantityMilli, Scale.QuantityDigits),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Registered patients summed over the selection's loaded months (one list size per month), or null when the
    /// practice lacks a list size for any of them.</summary>
    public long? Patients { get; init; }

    /// <summary>1000 × <see cref="Value"/> ÷ <see cref="Patients"/> as an exact decimal (unrounded); null without a
    /// positive <see cref="Patients"/>.</summary>
    public decimal? PerThousandPatients(Metric metric) =>
        Patients is > 0 and var patients ? 1000m * Value(metric) / patients : null;
}

/// <summary>Exact sums for one month.</summary>
public sealed record MonthMeasure(YearMonth Month, long Items, long QuantityMilli, long NicPence, long ActualCostE5);

/// <summary>Exact sums for one presentation.</summary>
public sealed record MedicineMeasure(string BnfCode, string? Name, long Items, long QuantityMilli, long NicPence, long ActualCostE5);

/// <summary>A code at some BNF level with its name.</summary>
public sealed record BnfNode(string Code, string? Name, BnfLevel Level, bool HasChildren);

public sealed record PracticeSummary(string PracticeCode, string? Name, string? Postcode, double? Latitude, double? Longitude, bool IsUnidentified);

public sealed record PracticeDetail(
    string PracticeCode,
    string? Name,
    string? Address,
    string? Postcode,
    double? Latitude,
    double? Longitude,
    string? RegionCode,
    string? RegionName,
    string? IcbCode,
    string? IcbName,
    bool IsUnidentified);

public sealed record Region(string Code, string? Name, int Practices);
