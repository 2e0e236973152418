using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Tests.Fakes;

public sealed record FakePractice(
    string Code, string? Name, string? Postcode, double? Latitude, double? Longitude, string? RegionCode, string? IcbCode = null, string? SubIcbCode = null);

public sealed record FakeRow(string Practice, string Bnf, YearMonth Month, long Items, long QuantityMilli, long NicPence, long ActualCostE5);

/// <summary>Prescribing data held in lists: what a fake warehouse answers from, and what tests compute expectations from.</summary>
public sealed class FakeDataset
{
    public List<FakePractice> Practices { get; } = [];
    public List<FakeRow> Rows { get; } = [];
    public List<Region> Regions { get; } = [];

    /// <summary>ICB names by ODS code.</summary>
    public Dictionary<string, string> Icbs { get; } = new(StringComparer.Ordinal);

    /// <summary>Sub-ICB location names by ODS code.</summary>
    public Dictionary<string, string> SubIcbs { get; } = new(StringComparer.Ordinal);

    /// <summary>BNF names at every level, keyed by code.</summary>
    public Dictionary<string, string> Bnf { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<YearMonth> Months => [.. Rows.Select(r => r.Month).Distinct().Order()];

    /// <summary>A deterministic atlas: <paramref name="practices"/> geocoded practices spread over England, two without a
    /// location, three regions with five ICBs and seven sub-ICB locations (<see cref="SampleAreas"/>), three presentations in two chapters, six months (2024-01 to 2024-06).
    /// 0401 (hypnotics) is prescribed by practices whose index is not a multiple of 3; 0403 by all; 0212 by even ones.</summary>
    public static FakeDataset Sample(int practices = 120)
    {
        var data = new FakeDataset();
        data.Regions.AddRange([new Region("Y56", "London", 0), new Region("Y58", "South West", 0), new Region("Y63", "North East and Yorkshire", 0)]);
        foreach (var (code, name) in new[]
        {
            ("04", "Central Nervous System"), ("0401", "Hypnotics and anxiolytics"), ("040101", "Hypnotics"), ("0401010", "Hypnotics"),
            ("0401010T0", "Temazepam"), ("0401010T0AA", "Temazepam"), ("0401010T0AAAAAA", "Temazepam 10mg tablets"),
            ("0403", "Antidepressant drugs"), ("040303", "Selective serotonin re-uptake inhibitors"), ("0403030", "SSRIs"),
            ("0403030E0", "Fluoxetine hydrochloride"), ("0403030E0AA", "Fluoxetine"), ("0403030E0AAAAAA", "Fluoxetine 20mg capsules"),
            ("02", "Cardiovascular System"), ("0212", "Lipid-regulating drugs"), ("021200", "Lipid-regulating drugs"), ("0212000", "Lipid-regulating drugs"),
            ("0212000Y0", "Simvastatin"), ("0212000Y0AA", "Simvastatin"), ("0212000Y0AAAAAA", "Simvastatin 40mg tablets"),
        })
        {
            data.Bnf[code] = name;
        }

        foreach (var areas in SampleAreas.SelectMany(r => r))
        {
            data.Icbs[areas.Icb] = areas.IcbName;
            data.SubIcbs[areas.SubIcb] = areas.SubIcbName;
        }

        var random = new Random(20240601);
        for (var i = 0; i < practices; i++)
        {
            double latitude, longitude;
            do
            {
                latitude = Math.Round(50.0 + random.NextDouble() * 5.8, 5);
                longitude = Math.Round(-5.7 + random.NextDouble() * 7.5, 5);
            }
            while (!InEngland(longitude, latitude));
            var area = SampleAreas[i % 3][i / 3 % 2];
            data.Practices.Add(new FakePractice($"P{i:D5}", $"Practice {i} Surgery", $"AB{i % 90 + 1} {i % 9}CD", latitude, longitude, data.Regions[i % 3].Code,
                area.Icb, area.SubIcb));
        }
        data.Practices.Add(new FakePractice("Q99998", "Unidentified Doctors", null, null, null, "Y56"));
        data.Practices.Add(new FakePractice("N00001", "Nowhere Medical Centre", "ZZ1 1ZZ", null, null, "Y58", "QUY", "15C"));

        var months = YearMonth.Range(new YearMonth(2024, 1), new YearMonth(2024, 6)).ToList();
        for (var i = 0; i < data.Practices.Count; i++)
        {
            var code = data.Practices[i].Code;
            foreach (var month in months)
            {
                var scale = 1 + i % 17 + month.Month;
                if (i % 3 != 0) data.Rows.Add(new FakeRow(code, "0401010T0AAAAAA", month, 3 * scale, 84_000 * scale, 1_234 * scale, 1_150_055L * scale));
                data.Rows.Add(new FakeRow(code, "0403030E0AAAAAA", month, 5 * scale, 140_500 * scale, 2_011 * scale, 1_890_125L * scale));
                if (i % 2 == 0) data.Rows.Add(new FakeRow(code, "0212000Y0AAAAAA", month, 2 * scale, 56_000 * scale, 987 * scale, 901_234L * scale));
            }
        }
        return data;
    }

    /// <summary>Per region of <see cref="Sample"/> (London, South West, North East and Yorkshire), the ICB and sub-ICB location of
    /// its practices: practice <c>i</c> is in region <c>i % 3</c> and takes entry <c>i / 3 % 2</c>. London and the North East
    /// have two ICBs of one sub-ICB location each; the South West one ICB of two sub-ICB locations, one with a five-character code.</summary>
    public static readonly (string Icb, string IcbName, string SubIcb, string SubIcbName)[][] SampleAreas =
    [
        [("QMJ", "NHS North Central London ICB", "93C", "North Central London"), ("QKK", "NHS South East London ICB", "72Q", "South East London")],
        [("QUY", "NHS Bristol, North Somerset and South Gloucestershire ICB", "15C", "Bristol, North Somerset and South Gloucestershire"),
         ("QUY", "NHS Bristol, North Somerset and South Gloucestershire ICB", "W2U3Z", "Weston Locality")],
        [("QHM", "NHS North East and North Cumbria ICB", "00L", "Northumberland"), ("QWO", "NHS West Yorkshire ICB", "02T", "Calderdale")],
    ];

    /// <summary>A rough outline of England (longitude, latitude), so sample practices look like the real map.</summary>
    private static readonly (double X, double Y)[] England =
    [
        (-5.7, 50.05), (-4.2, 50.33), (-3.0, 50.65), (-1.0, 50.75), (1.35, 51.1), (1.75, 52.6), (1.0, 52.95), (0.3, 52.85),
        (0.35, 53.45), (-0.1, 54.1), (-0.55, 54.5), (-1.2, 54.62), (-1.6, 55.6), (-2.05, 55.8), (-2.7, 55.15), (-3.05, 55.0),
        (-3.6, 54.6), (-3.2, 54.1), (-2.95, 53.4), (-3.05, 53.2), (-3.1, 52.55), (-3.0, 52.0), (-2.7, 51.6), (-3.0, 51.25),
        (-4.2, 51.2), (-4.7, 50.95),
    ];

    private static bool InEngland(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = England.Length - 1; i < England.Length; j = i++)
        {
            var (xi, yi) = England[i];
            var (xj, yj) = England[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    /// <summary>Practices, located or not, and unidentified prescribers, prescribing anything under one of
    /// <paramref name="prefixes"/> in <paramref name="month"/>: the map's entries with <c>unlocated=true</c>.</summary>
    public IReadOnlyList<FakePractice> PrescribingPractices(YearMonth month, params string[] prefixes) => [.. Rows
        .Where(r => r.Month == month && (prefixes.Length == 0 || prefixes.Any(p => r.Bnf.StartsWith(p, StringComparison.Ordinal))))
        .Select(r => r.Practice).Distinct()
        .Select(code => Practices.Single(p => p.Code == code))];

    /// <summary>Geocoded real practices prescribing anything under one of <paramref name="prefixes"/> in <paramref name="month"/>.</summary>
    public int MappedPractices(YearMonth month, params string[] prefixes) =>
        PrescribingPractices(month, prefixes).Count(p => p.Latitude is not null && !PracticeCode.IsUnidentified(p.Code));
}
