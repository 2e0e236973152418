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

    /// <summary>An unidentified prescriber (EPD's practice <c>-</c>, or a code ending 998), not a real practice: never ranked.</summary>
    public bool IsUnidentified { get; init; }

    /// <summary>Registered patients summed over the selection's loaded months (one list size per month: patient-months), or
    /// null when the practice lacks a list size for any of them.</summary>
    public long? PatientMonths { get; init; }

    /// <summary>How many months <see cref="PatientMonths"/> sums (the selection's loaded months); 0 when it is null.</summary>
    public int ListSizeMonths { get; init; }

    /// <summary>The practice's mean list size over the selection's months, exact; null when <see cref="PatientMonths"/> is.</summary>
    public decimal? MeanPatients => PatientMonths is { } sum && ListSizeMonths > 0 ? (decimal)sum / ListSizeMonths : null;

    /// <summary>The metric over the whole selection per 1,000 of the practice's mean registered patients, as an exact decimal
    /// (unrounded): 1000 × <see cref="Value"/> × months ÷ <see cref="PatientMonths"/>. Over one month that is the month's
    /// list size; over a year, the year's prescribing per 1,000 patients. Null without a positive list size.</summary>
    public decimal? PerThousandPatients(Metric metric) =>
        PatientMonths is > 0 and var sum && ListSizeMonths > 0 ? 1000m * Value(metric) * ListSizeMonths / sum : null;
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
