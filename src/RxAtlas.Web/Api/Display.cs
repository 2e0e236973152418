using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary>Turns the warehouse's exact scaled integers into display decimals. The only place values are rounded.</summary>
public static class Display
{
    /// <summary>Pounds with exactly two decimals, rounded half away from zero (1234565 at 5 digits → 12.35).</summary>
    public static decimal Pounds(long scaled, int digits) =>
        Math.Round(FixedPoint.ToDecimal(scaled, digits), 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static decimal Nic(long nicPence) => Pounds(nicPence, Scale.NicDigits);

    public static decimal ActualCost(long actualCostE5) => Pounds(actualCostE5, Scale.ActualCostDigits);

    /// <summary>Quantities are shown exactly (up to three decimals), never rounded.</summary>
    public static decimal Quantity(long quantityMilli) => FixedPoint.ToDecimal(quantityMilli, Scale.QuantityDigits);

    /// <summary>The value a map, ranking or chart shows for <paramref name="metric"/>: money rounded to pence, counts exact.</summary>
    public static decimal Value(Metric metric, long items, long quantityMilli, long nicPence, long actualCostE5) => metric switch
    {
        Metric.Nic => Nic(nicPence),
        Metric.ActualCost => ActualCost(actualCostE5),
        Metric.Items => items,
        Metric.Quantity => Quantity(quantityMilli),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Decimal places of a rate per 1,000 patients in JSON and CSV.</summary>
    public const int RateDecimals = 4;

    /// <summary>A rate per 1,000 patients with exactly <see cref="RateDecimals"/> decimals, rounded half away from zero
    /// (0.94946209657… → 0.9495; 12.3 → 12.3000).</summary>
    public static decimal Rate(decimal exact) => Math.Round(exact, RateDecimals, MidpointRounding.AwayFromZero) + 0.0000m;

    /// <summary>The value a map or ranking shows: <see cref="Value(Metric, long, long, long, long)"/>, or with
    /// <paramref name="perThousand"/> the rate per 1,000 patients (<see cref="PracticeMeasure.PerThousandPatients"/>, computed
    /// exactly, then <see cref="Rate"/>), null without a list size.</summary>
    public static decimal? Value(PracticeMeasure m, Metric metric, bool perThousand)
    {
        ArgumentNullException.ThrowIfNull(m);
        return perThousand
            ? m.PerThousandPatients(metric) is { } rate ? Rate(rate) : null
            : Value(metric, m.Items, m.QuantityMilli, m.NicPence, m.ActualCostE5);
    }

    /// <summary>A practice's mean list size over the months of the period it has one for, to one decimal place; null when unknown.</summary>
    public static decimal? Patients(PracticeMeasure m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.MeanPatients is { } mean ? decimal.Round(mean, 1, MidpointRounding.AwayFromZero) : null;
    }

    /// <summary>The API's spelling of a metric (<c>actual_cost</c>).</summary>
    public static string Name(Metric metric) => metric switch
    {
        Metric.Nic => "nic",
        Metric.ActualCost => "actual_cost",
        Metric.Items => "items",
        Metric.Quantity => "quantity",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };
}
