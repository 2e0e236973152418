using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Tests.Fakes;

/// <summary>An in-memory <see cref="IPrescribingQueries"/> over a <see cref="FakeDataset"/>, counting calls so tests can see caching.
/// Follows the real engines' rules: rankings, region counts and area counts leave out unidentified pseudo-practices.</summary>
public sealed class FakeQueries(FakeDataset data) : IPrescribingQueries
{
    private int _calls;

    /// <summary>How many queries reached this fake.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The last selection any query received.</summary>
    public Selection? LastSelection { get; private set; }

    public FakeDataset Data => data;

    public Task<IReadOnlyList<PracticeMeasure>> MapAsync(Selection selection, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<PracticeMeasure>>([.. ByPractice(selection).OrderBy(p => p.PracticeCode, StringComparer.Ordinal)], selection);

    public Task<IReadOnlyList<MonthMeasure>> TimeSeriesAsync(Selection selection, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<MonthMeasure>>([.. Filter(selection).GroupBy(r => r.Month).OrderBy(g => g.Key)
            .Select(g => new MonthMeasure(g.Key, g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5)))], selection);

    public Task<IReadOnlyList<PracticeMeasure>> TopAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<PracticeMeasure>>([.. ByPractice(selection).Where(p => !PracticeCode.IsUnidentified(p.PracticeCode)).OrderByDescending(p => p.Value(metric)).ThenBy(p => p.PracticeCode, StringComparer.Ordinal).Take(n)], selection);

    public Task<IReadOnlyList<BnfNode>> SearchBnfAsync(string text, int limit, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<BnfNode>>([.. data.Bnf
            .Where(b => b.Key.StartsWith(text.ToUpperInvariant(), StringComparison.Ordinal) || b.Value.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(b => b.Key.Length).ThenBy(b => b.Key, StringComparer.Ordinal).Take(limit).Select(b => Node(b.Key))]);

    public Task<IReadOnlyList<BnfNode>> BnfChildrenAsync(string code, CancellationToken cancellationToken = default)
    {
        var length = code.Length == 0 ? 2 : BnfCode.LevelOfLength(code.Length) is { } level && BnfCode.Child(level) is { } child ? (int)child : -1;
        return Done<IReadOnlyList<BnfNode>>([.. data.Bnf.Keys.Where(k => k.Length == length && k.StartsWith(code, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(Node)]);
    }

    public Task<PracticeDetail?> PracticeAsync(string practiceCode, CancellationToken cancellationToken = default)
    {
        var p = data.Practices.FirstOrDefault(p => p.Code == practiceCode);
        var region = data.Regions.FirstOrDefault(r => r.Code == p?.RegionCode);
        return Done(p is null ? null : new PracticeDetail(p.Code, p.Name, "1 High Street", p.Postcode, p.Latitude, p.Longitude,
            p.RegionCode, region?.Name, p.IcbCode, p.IcbCode is null ? null : data.Icbs[p.IcbCode], PracticeCode.IsUnidentified(p.Code),
            p.SubIcbCode, p.SubIcbCode is null ? null : data.SubIcbs[p.SubIcbCode]));
    }

    public Task<IReadOnlyList<MedicineMeasure>> TopMedicinesAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<MedicineMeasure>>([.. Filter(selection).GroupBy(r => r.Bnf)
            .Select(g => new MedicineMeasure(g.Key, data.Bnf.GetValueOrDefault(g.Key), g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5)))
            .OrderByDescending(m => new PracticeMeasure("", null, null, null, m.Items, m.QuantityMilli, m.NicPence, m.ActualCostE5).Value(metric))
            .Take(n)], selection);

    public Task<IReadOnlyList<PracticeSummary>> SearchPracticesAsync(string text, int limit, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<PracticeSummary>>([.. data.Practices
            .Where(p => p.Code.StartsWith(text.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase) || (p.Name?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                || (p.Postcode?.Replace(" ", "", StringComparison.Ordinal).StartsWith(text.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase) ?? false))
            .Take(limit)
            .Select(p => new PracticeSummary(p.Code, p.Name, p.Postcode, p.Latitude, p.Longitude, PracticeCode.IsUnidentified(p.Code)))]);

    public Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken cancellationToken = default) => Done(data.Months);

    /// <summary>The fake has no list sizes: rates per 1,000 patients are tested over a real warehouse.</summary>
    public Task<IReadOnlyList<YearMonth>> ListSizeMonthsAsync(CancellationToken cancellationToken = default) => Done<IReadOnlyList<YearMonth>>([]);

    /// <summary>Without list sizes every practice is unranked: real practices in code order.</summary>
    public Task<IReadOnlyList<PracticeMeasure>> TopPerThousandPatientsAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<PracticeMeasure>>([.. ByPractice(selection).Where(p => !PracticeCode.IsUnidentified(p.PracticeCode)).OrderBy(p => p.PracticeCode, StringComparer.Ordinal).Take(n)], selection);

    public Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<Region>>([.. data.Regions.Select(r => r with
        {
            Practices = data.Practices.Count(p => p.RegionCode == r.Code && !PracticeCode.IsUnidentified(p.Code)),
        })]);

    public Task<IReadOnlyList<PracticeArea>> AreasAsync(CancellationToken cancellationToken = default) =>
        Done<IReadOnlyList<PracticeArea>>([.. data.Practices
            .Where(p => !PracticeCode.IsUnidentified(p.Code) && (p.IcbCode is not null || p.SubIcbCode is not null))
            .GroupBy(p => (p.RegionCode, p.IcbCode, p.SubIcbCode))
            .Select(g => new PracticeArea(g.Key.RegionCode, data.Regions.FirstOrDefault(r => r.Code == g.Key.RegionCode)?.Name,
                g.Key.IcbCode, g.Key.IcbCode is null ? null : data.Icbs[g.Key.IcbCode],
                g.Key.SubIcbCode, g.Key.SubIcbCode is null ? null : data.SubIcbs[g.Key.SubIcbCode], g.Count()))
            .OrderBy(a => a.RegionCode, StringComparer.Ordinal).ThenBy(a => a.IcbCode, StringComparer.Ordinal).ThenBy(a => a.SubIcbCode, StringComparer.Ordinal)]);

    private IEnumerable<FakeRow> Filter(Selection s)
    {
        var areaPractices = s.RegionCode is null && s.IcbCode is null && s.SubIcbCode is null ? null : data.Practices
            .Where(p => (s.RegionCode is null || p.RegionCode == s.RegionCode) && (s.IcbCode is null || p.IcbCode == s.IcbCode)
                && (s.SubIcbCode is null || p.SubIcbCode == s.SubIcbCode))
            .Select(p => p.Code).ToHashSet();
        return data.Rows.Where(r => r.Month >= s.From && r.Month <= s.To
            && (s.BnfPrefixes.Count == 0 || s.BnfPrefixes.Any(p => r.Bnf.StartsWith(p, StringComparison.Ordinal)))
            && (areaPractices is null || areaPractices.Contains(r.Practice))
            && (s.PracticeCode is null || r.Practice == s.PracticeCode));
    }

    private IEnumerable<PracticeMeasure> ByPractice(Selection s) => Filter(s).GroupBy(r => r.Practice).Select(g =>
    {
        var p = data.Practices.Single(p => p.Code == g.Key);
        return new PracticeMeasure(p.Code, p.Name, p.Latitude, p.Longitude, g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5))
        {
            IsUnidentified = PracticeCode.IsUnidentified(p.Code),
        };
    });

    private BnfNode Node(string code) =>
        new(code, data.Bnf[code], BnfCode.LevelOfLength(code.Length) ?? BnfLevel.Presentation,
            data.Bnf.Keys.Any(k => k.Length > code.Length && k.StartsWith(code, StringComparison.Ordinal)));

    private Task<T> Done<T>(T value, Selection? selection = null)
    {
        Interlocked.Increment(ref _calls);
        if (selection is not null) LastSelection = selection;
        return Task.FromResult(value);
    }
}
