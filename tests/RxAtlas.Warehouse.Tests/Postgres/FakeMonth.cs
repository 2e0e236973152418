using RxAtlas.Core;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>An in-memory month release for engine tests. <see cref="FailAfter"/> makes the stream throw a
/// <see cref="DataFormatException"/> mid-way; <see cref="TotalsOverride"/> makes the reader lie about its totals.</summary>
public sealed class FakeMonth(YearMonth month, IReadOnlyList<PrescribingRow> rows) : IMonthRelease
{
    private SourceTotals _totals = SourceTotals.Empty;

    public YearMonth Month => month;
    public string Description => $"fake {month}";
    public IReadOnlyList<PrescribingRow> Rows => rows;
    public int? FailAfter { get; init; }
    public SourceTotals? TotalsOverride { get; init; }
    public IReadOnlyCollection<PracticeRecord> Practices { get; init; } = [];
    public IReadOnlyCollection<BnfRecord> Bnf { get; init; } = [];
    public IReadOnlyCollection<PostcodeLocation> Postcodes { get; init; } = [];
    public SourceTotals Totals => TotalsOverride ?? _totals;

    public IEnumerable<PrescribingRow> ReadPrescribing()
    {
        _totals = SourceTotals.Empty;
        var line = 1;
        foreach (var row in rows)
        {
            line++;
            if (FailAfter is { } n && line - 2 == n)
                throw new DataFormatException("fake.csv", line, "NIC", "expected a decimal amount such as 12.34, found 'x'");
            _totals = _totals.Add(row);
            yield return row;
        }
    }

    /// <summary>A small, deterministic month: 4 practices (one unidentified) × 5 presentations, with a duplicated
    /// practice × presentation pair (EPD's pack-size grain) that the load must sum.</summary>
    public static FakeMonth Sample(YearMonth month, int seed = 1)
    {
        string[] practices = ["A81001", "B82002", "C83003", "D84998"];
        string[] codes = ["0101010G0AAABAB", "0212000B0AAADAD", "0407010F0AAAAAA", "0501013B0AAAAAA", "20031000015"];
        var rows = new List<PrescribingRow>();
        var r = new Random(seed * 7919 + month.Key);
        foreach (var p in practices)
        {
            foreach (var c in codes)
            {
                if (r.Next(5) == 0) continue;
                rows.Add(Row(p, c, r));
            }
        }
        rows.Add(Row("A81001", "0101010G0AAABAB", r));
        return new FakeMonth(month, rows)
        {
            Practices =
            [
                new PracticeRecord("A81001", "THE DENSHAM SURGERY", "STOCKTON", "ts18 1hu", "Y63", "NORTH EAST AND YORKSHIRE"),
                new PracticeRecord("B82002", "HEALTH CENTRE", "LEEDS", "LS1 4AP", "Y63", "NORTH EAST AND YORKSHIRE"),
                new PracticeRecord("C83003", "VILLAGE PRACTICE", null, "PR1 6YA", "Y62", "NORTH WEST"),
                new PracticeRecord("D84998", "UNIDENTIFIED DOCTORS", null, null),
            ],
            Bnf =
            [
                new BnfRecord("0101010G0AAABAB", "Co-Magaldrox_Susp 195mg/220mg/5ml S/F", "0101010G0AA", "Co-Magaldrox", "0101010G0", "Co-Magaldrox",
                    "0101010", "Antacids", "010101", "Antacids and simeticone", "0101", "Dyspepsia", "01", "Gastro-Intestinal System"),
                new BnfRecord("0212000B0AAADAD", "Atorvastatin 20mg tablets", "0212000B0AA", "Atorvastatin", "0212000B0", "Atorvastatin",
                    "0212000", "Lipid-regulating drugs", "021200", "Lipid-regulating drugs", "0212", "Lipid-regulating drugs", "02", "Cardiovascular System"),
                new BnfRecord("0407010F0AAAAAA", "Paracetamol 500mg tablets", "0407010F0AA", "Paracetamol", "0407010F0", "Paracetamol",
                    "0407010", "Non-opioid analgesics", "040701", "Analgesics", "0407", "Analgesics", "04", "Central Nervous System"),
            ],
            Postcodes =
            [
                new PostcodeLocation("TS18 1HU", 54.5636, -1.3184, "Durham", "Y63", "NORTH EAST AND YORKSHIRE"),
                new PostcodeLocation("LS1 4AP", 53.7990, -1.5491),
            ],
        };
    }

    private static PrescribingRow Row(string practice, string code, Random r)
    {
        var items = r.Next(1, 60);
        return new PrescribingRow(practice, code, items, items * r.Next(1, 200_000), items * r.Next(1, 5_000), items * r.Next(1, 500_000));
    }
}
