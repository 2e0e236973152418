using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Tests.Fakes;

public sealed record FakePractice(string Code, string? Name, string? Postcode, double? Latitude, double? Longitude, string? RegionCode);

public sealed record FakeRow(string Practice, string Bnf, YearMonth Month, long Items, long QuantityMilli, long NicPence, long ActualCostE5);

/// <summary>Prescribing data held in lists: what a fake warehouse answers from, and what tests compute expectations from.</summary>
public sealed class FakeDataset
{
    public List<FakePractice> Practices { get; } = [];
    public List<FakeRow> Rows { get; } = [];
    public List<Region> Regions { get; } = [];

    /// <summary>BNF names at every level, keyed by code.</summary>
    public Dictionary<string, string> Bnf { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<YearMonth> Months => [.. Rows.Select(r => r.Month).Distinct().Order()];

    /// <summary>A deterministic atlas: <paramref name="practices"/> geocoded practices spread over England, two without a
    /// location, three regions, three presentations in two chapters, six months (2024-01 to 2024-06).
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

        var random = new Random(20240601);
        for (var i = 0; i < practices; i++)
        {
            var latitude = Math.Round(50.6 + random.NextDouble() * 4.2, 5);
            var longitude = Math.Round(-3.6 + random.NextDouble() * 3.8, 5);
            data.Practices.Add(new FakePractice($"P{i:D5}", $"Practice {i} Surgery", $"AB{i % 90 + 1} {i % 9}CD", latitude, longitude, data.Regions[i % 3].Code));
        }
        data.Practices.Add(new FakePractice("Q99998", "Unidentified Doctors", null, null, null, "Y56"));
        data.Practices.Add(new FakePractice("N00001", "Nowhere Medical Centre", "ZZ1 1ZZ", null, null, "Y58"));

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

    /// <summary>Geocoded practices prescribing anything under one of <paramref name="prefixes"/> in <paramref name="month"/>.</summary>
    public int MappedPractices(YearMonth month, params string[] prefixes) => Rows
        .Where(r => r.Month == month && (prefixes.Length == 0 || prefixes.Any(p => r.Bnf.StartsWith(p, StringComparison.Ordinal))))
        .Select(r => r.Practice).Distinct()
        .Count(code => Practices.Single(p => p.Code == code).Latitude is not null);
}
