using RxAtlas.Core;

namespace RxAtlas.Warehouse.Queries;

/// <summary>What the user is looking at: BNF prefixes (empty = all prescribing), a month range, optionally an area (NHS
/// region, ICB, sub-ICB location: each given one narrows the practices to those in it, so together they are their
/// intersection) or a practice.</summary>
public sealed record Selection(
    IReadOnlyList<string> BnfPrefixes,
    YearMonth From,
    YearMonth To,
    string? RegionCode = null,
    string? PracticeCode = null,
    string? IcbCode = null,
    string? SubIcbCode = null)
{
    /// <summary>True when the selection narrows the practices (an area or a practice), so queries must join the practice dimension.</summary>
    public bool NarrowsPractices => RegionCode is not null || IcbCode is not null || SubIcbCode is not null || PracticeCode is not null;
}

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
    public decimal Value(Metric metric) => new MeasureSums(Items, QuantityMilli, NicPence, ActualCostE5).Value(metric);

    /// <summary>An unidentified prescriber (EPD's practice <c>-</c>, or a code ending 998), not a real practice: never ranked.</summary>
    public bool IsUnidentified { get; init; }

    /// <summary>Registered patients summed over the selection's loaded months in which the practice has a list size (one list
    /// size per month: patient-months), or null when it has a list size for none of them.</summary>
    public long? PatientMonths { get; init; }

    /// <summary>How many of the selection's loaded months the practice has a list size for (the months
    /// <see cref="PatientMonths"/> and <see cref="SizedSums"/> cover); 0 when it is null.</summary>
    public int ListSizeMonths { get; init; }

    /// <summary>How many months of the selection are loaded (the period a rate is for); 0 when not given.</summary>
    public int LoadedMonths { get; init; }

    /// <summary>The practice's sums over only the months it has a list size for (<see cref="ListSizeMonths"/>): the numerator
    /// of its rate. Equal to the totals when it has a list size for every loaded month; null when not given.</summary>
    public MeasureSums? SizedSums { get; init; }

    /// <summary>The practice's mean list size over the months it has one for, exact; null when <see cref="PatientMonths"/> is.</summary>
    public decimal? MeanPatients => PatientMonths is { } sum && ListSizeMonths > 0 ? (decimal)sum / ListSizeMonths : null;

    /// <summary>The metric per 1,000 registered patients over the selection, as an exact decimal (unrounded), from the months
    /// the practice has a list size for: 1000 × the metric in those months × <see cref="LoadedMonths"/> ÷
    /// <see cref="PatientMonths"/>, i.e. its rate per 1,000 patients per month over those months, times the period's loaded
    /// months. With a list size for every loaded month that is the metric over the period per 1,000 of its mean list size
    /// (over one month, that month's list size); a practice sized for fewer months (opened or closed within the period, or a
    /// list-size file missing) keeps a rate for the whole period, comparable with the others. Null without a positive list
    /// size in any month.</summary>
    public decimal? PerThousandPatients(Metric metric) =>
        PatientMonths is > 0 and var sum && ListSizeMonths > 0 && LoadedMonths > 0 && SizedSums is { } sized
            ? 1000m * sized.Value(metric) * LoadedMonths / sum
            : null;
}

/// <summary>Exact sums of the four measures, at <see cref="Scale"/>.</summary>
public sealed record MeasureSums(long Items, long QuantityMilli, long NicPence, long ActualCostE5)
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
    bool IsUnidentified,
    string? SubIcbCode = null,
    string? SubIcbName = null);

public sealed record Region(string Code, string? Name, int Practices);

/// <summary>How many real practices share one combination of effective region, ICB and sub-ICB location (the
/// <c>practices</c> view's geography): what the ICB listing and the area filters' checks are built from. Codes are ODS codes
/// (ICB <c>QE1</c>, sub-ICB <c>00L</c> or <c>W2U3Z</c>); any of them may be null where no source gave it.</summary>
public sealed record PracticeArea(
    string? RegionCode,
    string? RegionName,
    string? IcbCode,
    string? IcbName,
    string? SubIcbCode,
    string? SubIcbName,
    int Practices);
