using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

// Response bodies. Property names are written snake_case on the wire (JsonNamingPolicy.SnakeCaseLower);
// money is in pounds with two decimals, quantities exact, months "YYYY-MM".

/// <summary>One practice on the map; its coordinates are null only when practices without a location were asked for
/// (<c>unlocated=true</c>), which also lists the unidentified prescribers (<see cref="IsUnidentified"/>: EPD's practice
/// <c>-</c> and codes ending 998), so that the entries add up to the time series. <see cref="Value"/> is the metric (money rounded to pence) or, with <c>per_1000=true</c>,
/// the rate per 1,000 registered patients rounded to <see cref="Display.RateDecimals"/> decimals — null for a practice with no
/// list size in any month of the period (drawn uncoloured). <see cref="Patients"/> is the practice's mean list size over the
/// <see cref="SizedMonths"/> months of the period it has one for (to one decimal place), when known.</summary>
public sealed record MapEntry(
    string PracticeCode, string? Name, double? Latitude, double? Longitude,
    decimal? Value, long Items, decimal Nic, decimal ActualCost, decimal Quantity, decimal? Patients, bool IsUnidentified, int SizedMonths)
{
    internal static MapEntry From(PracticeMeasure m, Metric metric, bool perThousand) => new(
        m.PracticeCode, m.Name, m.Latitude, m.Longitude, Display.Value(m, metric, perThousand),
        m.Items, Display.Nic(m.NicPence), Display.ActualCost(m.ActualCostE5), Display.Quantity(m.QuantityMilli), Display.Patients(m),
        m.IsUnidentified, m.ListSizeMonths);
}

/// <summary>Totals for one month.</summary>
public sealed record MonthPoint(string Month, long Items, decimal Quantity, decimal Nic, decimal ActualCost)
{
    internal static MonthPoint From(MonthMeasure m) =>
        new(m.Month.ToString(), m.Items, Display.Quantity(m.QuantityMilli), Display.Nic(m.NicPence), Display.ActualCost(m.ActualCostE5));
}

/// <summary>One practice in a ranking, with the map's fields; coordinates are null for a practice without a location.
/// <see cref="IsUnidentified"/> is always false (unidentified prescribers are not ranked), kept so a row reads like the map's.
/// With <c>per_1000=true</c>, practices without a list size in any month of the period are listed after the ranked ones with
/// a null <see cref="Rank"/> and <see cref="Value"/>.</summary>
public sealed record TopEntry(
    int? Rank, string PracticeCode, string? Name, double? Latitude, double? Longitude,
    decimal? Value, long Items, decimal Nic, decimal ActualCost, decimal Quantity, decimal? Patients, bool IsUnidentified, int SizedMonths)
{
    internal static TopEntry From(int rank, PracticeMeasure m, Metric metric, bool perThousand)
    {
        var value = Display.Value(m, metric, perThousand);
        return new(value is null ? null : rank, m.PracticeCode, m.Name, m.Latitude, m.Longitude, value,
            m.Items, Display.Nic(m.NicPence), Display.ActualCost(m.ActualCostE5), Display.Quantity(m.QuantityMilli), Display.Patients(m),
            m.IsUnidentified, m.ListSizeMonths);
    }
}

/// <summary>One presentation in a practice's ranking of medicines.</summary>
public sealed record MedicineEntry(string BnfCode, string? Name, decimal Value, long Items, decimal Nic, decimal ActualCost, decimal Quantity)
{
    internal static MedicineEntry From(MedicineMeasure m, Metric metric) => new(
        m.BnfCode, m.Name, Display.Value(metric, m.Items, m.QuantityMilli, m.NicPence, m.ActualCostE5),
        m.Items, Display.Nic(m.NicPence), Display.ActualCost(m.ActualCostE5), Display.Quantity(m.QuantityMilli));
}

/// <summary>A practice found by search; <see cref="Geocoded"/> is false when it has no location (it cannot be drawn).</summary>
public sealed record PracticeMatch(string PracticeCode, string? Name, string? Postcode, double? Latitude, double? Longitude, bool IsUnidentified, bool Geocoded)
{
    internal static PracticeMatch From(PracticeSummary p) =>
        new(p.PracticeCode, p.Name, p.Postcode, p.Latitude, p.Longitude, p.IsUnidentified, p.Latitude is not null && p.Longitude is not null);
}

/// <summary>A practice's details with its own monthly series (all loaded months) and top medicines (the requested period);
/// <see cref="MonthsMissing"/> lists the months of the period (<see cref="From"/>–<see cref="To"/>) that are not loaded, which
/// the top medicines therefore leave out.</summary>
public sealed record PracticeResponse(
    string PracticeCode, string? Name, string? Address, string? Postcode, double? Latitude, double? Longitude,
    string? RegionCode, string? RegionName, string? IcbCode, string? IcbName, string? SubIcbCode, string? SubIcbName, bool IsUnidentified, bool Geocoded,
    string Metric, string? From, string? To,
    IReadOnlyList<MonthPoint> Series, IReadOnlyList<MedicineEntry> TopMedicines, IReadOnlyList<string> MonthsMissing);

/// <summary>A BNF code at some level.</summary>
public sealed record BnfEntry(string Code, string? Name, string Level, bool HasChildren)
{
    internal static BnfEntry From(BnfNode n) => new(n.Code, n.Name, n.Level.ToString().ToLowerInvariant(), n.HasChildren);
}

/// <summary>A region with the number of practices in it.</summary>
public sealed record RegionEntry(string Code, string? Name, int Practices);

/// <summary>An Integrated Care Board (ODS code, e.g. <c>QE1</c>) with its NHS region, its number of practices and its sub-ICB
/// locations.</summary>
public sealed record IcbEntry(string Code, string? Name, string? RegionCode, string? RegionName, int Practices, IReadOnlyList<SubIcbEntry> SubIcbs);

/// <summary>A sub-ICB location (formerly a CCG; ODS code, e.g. <c>00L</c>) with its number of practices.</summary>
public sealed record SubIcbEntry(string Code, string? Name, int Practices);

/// <summary>What the page needs to start: the optional base map style, the loaded months and whether patient list sizes are
/// loaded (<see cref="HasListSizes"/>: only then may the page offer rates per 1,000 patients).</summary>
public sealed record ClientConfig(string? MapStyleUrl, IReadOnlyList<string> Months, string? LatestMonth, bool HasListSizes, IReadOnlyList<string> ListSizeMonths);
