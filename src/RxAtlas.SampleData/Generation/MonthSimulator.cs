using RxAtlas.Core;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Generation;

/// <summary>Decides, for one month, which practice prescribes which presentation and how much — streaming rows to a sink
/// in file order without holding them. Which keys a practice prescribes is stable from month to month (hash of practice
/// and presentation), volumes vary with a mild seasonality.</summary>
internal sealed class MonthSimulator
{
    /// <summary>About one row in 50,000 is a negative adjustment.</summary>
    public const double NegativeRowChance = 1.0 / 50_000;

    private readonly IReadOnlyList<Presentation> _catalogue;
    private readonly IReadOnlyList<Practice> _practices;
    private readonly double[] _popularity;
    private readonly double[] _descending;
    private readonly double[] _suffixSums;
    private readonly double _medianPopularity;
    private readonly long _rowsPerMonth;
    private readonly int _seed;
    private readonly double _negativeRowChance;

    /// <param name="negativeRowChance">Share of rows that are negative adjustments (tests raise it to see some in small months).</param>
    public MonthSimulator(IReadOnlyList<Presentation> catalogue, IReadOnlyList<Practice> practices, long rowsPerMonth, int seed,
        double negativeRowChance = NegativeRowChance)
    {
        _negativeRowChance = negativeRowChance;
        _catalogue = catalogue;
        _practices = practices;
        _rowsPerMonth = rowsPerMonth;
        _seed = seed;
        _popularity = catalogue.Select(p => p.Popularity).ToArray();
        _descending = _popularity.OrderByDescending(q => q).ToArray();
        _suffixSums = new double[_descending.Length + 1];
        for (var i = _descending.Length - 1; i >= 0; i--) _suffixSums[i] = _suffixSums[i + 1] + _descending[i];
        _medianPopularity = _descending[_descending.Length / 2];
    }

    /// <summary>Streams the month's rows to <paramref name="sink"/>; calls <paramref name="onPracticeDone"/> after each practice.</summary>
    public void Run(YearMonth month, LayoutPrecision precision, IRowSink sink, Action onPracticeDone, CancellationToken ct)
    {
        var rng = SampleRandom.For(_seed, "month", month.Key);
        var key = month.Key;
        var season = 1 + 0.06 * Math.Cos(2 * Math.PI * (month.Month - 1) / 12.0) + 0.015 * rng.NextGaussian();
        var trend = Math.Pow(1.015, month.Year - 2010 + month.Month / 12.0);
        var rowFactor = 1 + 0.015 * Math.Cos(2 * Math.PI * (month.Month - 1) / 12.0) + 0.005 * rng.NextGaussian();
        var discount = 0.075 + 0.01 * rng.NextDouble();

        var special = 0.0;
        var regularSize = 0.0;
        foreach (var p in _practices)
        {
            if (!Takes(p, key, precision)) continue;
            if (p.Kind == PracticeKind.Regular) regularSize += p.Size;
            else special += SpecialRows(p);
        }
        // EPD splits ~18% of keys into 2–3 pack-size rows (≈1.25 rows per key): aim the key count so rows land near the target.
        var keysPerRow = precision.SplitPackSizes ? 0.8 : 1.0;
        var regularRows = Math.Max(1, _rowsPerMonth * rowFactor - special) * keysPerRow;

        foreach (var practice in _practices)
        {
            ct.ThrowIfCancellationRequested();
            if (!Takes(practice, key, precision)) continue;
            var target = practice.Kind == PracticeKind.Regular ? regularRows * practice.Size / regularSize : SpecialRows(practice);
            var c = SolveInclusionScale(target);
            var sizeFactor = practice.Kind == PracticeKind.Regular ? Math.Pow(practice.Size, 0.6) : 0.3;
            sink.BeginPractice(practice);
            for (var j = 0; j < _popularity.Length; j++)
            {
                if (SampleRandom.Hash01(practice.Hash, (ulong)j) >= c * _popularity[j]) continue;
                var presentation = _catalogue[j];
                var habit = 0.6 + 0.8 * SampleRandom.Hash01(practice.Hash ^ 0x5bd1e995UL, (ulong)j);
                var median = 2.6 * sizeFactor * Math.Pow(_popularity[j] / _medianPopularity, 0.3) * season * trend * habit;
                var items = Math.Max(1, (long)Math.Round(rng.NextLogNormal(median, 0.8)));
                var negative = rng.NextDouble() < _negativeRowChance;
                if (precision.SplitPackSizes && items >= 2 && !negative && rng.NextDouble() < 0.18)
                {
                    var parts = (int)Math.Min(items, 2 + rng.Next(2));
                    var remaining = items;
                    for (var part = 0; part < parts; part++)
                    {
                        var share = part == parts - 1 ? remaining : 1 + rng.Next((int)Math.Min(int.MaxValue - 1, remaining - (parts - part - 1)));
                        remaining -= share;
                        sink.Row(practice, j, presentation, Measure(rng, presentation, share, part + 1, precision, discount, false));
                    }
                }
                else
                {
                    var packs = rng.NextDouble() switch { < 0.8 => 1, < 0.95 => 2, _ => 3 };
                    sink.Row(practice, j, presentation, Measure(rng, presentation, items, packs, precision, discount, negative));
                }
            }
            onPracticeDone();
        }
    }

    private static bool Takes(Practice p, int monthKey, LayoutPrecision precision) =>
        p.IsActive(monthKey) && (precision.HasUnidentified || !p.IsUnidentified);

    private double SpecialRows(Practice p) => p.Kind switch
    {
        PracticeKind.NoAddress => 6,
        PracticeKind.NationalUnidentified => Math.Max(3, _rowsPerMonth * 0.004),
        _ => Math.Max(2, _rowsPerMonth * 0.0003),
    };

    private static RowValues Measure(SampleRandom rng, Presentation p, long items, int packs, LayoutPrecision precision, double discount, bool negative)
    {
        var perItem = RoundTo(p.PackQuantityMilli * packs, Math.Min(precision.QuantityStepMilli, 100));
        var total = RoundTo(perItem * items, precision.QuantityStepMilli);
        if (total == 0) total = precision.QuantityStepMilli;
        var nic = Math.Max(1, (long)Math.Round(items * packs * p.PackPricePence * (0.97 + 0.06 * rng.NextDouble())));
        var actual = RoundTo((long)Math.Round(nic * 1000 * (1 - discount) + items * (9_000 + 2_500 * rng.NextDouble())), precision.ActualCostStepE5);
        var adq = p.AdqPerUnitE2 == 0 ? -1 : total * p.AdqPerUnitE2;
        if (negative) return new RowValues(0, -perItem, -total, -nic, -actual, adq < 0 ? -1 : -adq);
        return new RowValues(items, perItem, total, nic, actual, adq);
    }

    private static long RoundTo(long value, long step) => step <= 1 ? value : (value + step / 2) / step * step;

    /// <summary>Finds c with Σ min(1, c·q) = <paramref name="target"/> over the catalogue's popularities q.</summary>
    internal double SolveInclusionScale(double target)
    {
        var n = _descending.Length;
        if (target >= n) return double.PositiveInfinity;
        if (target <= 0) return 0;
        int lo = 0, hi = n - 1;
        while (lo < hi)
        {
            var k = (lo + hi) / 2;
            if ((target - k) / _suffixSums[k] * _descending[k] <= 1) hi = k;
            else lo = k + 1;
        }
        return (target - lo) / _suffixSums[lo];
    }
}
