using RxAtlas.Core;

namespace RxAtlas.Warehouse.Tests.TestData;

/// <summary>Deterministic small prescribing data with the awkward cases: EPD per-pack duplicate rows, an unidentified
/// pseudo-practice, practices missing from address data, codes missing from the BNF file, appliances, negatives,
/// ungeocoded practices, and a postcode whose region overrides the practice's own.</summary>
public static class FakeMonths
{
    public static readonly string[] Chemicals = ["0101010A0", "0101010C0", "0205051R0", "0205051L0", "0212000B0", "0212000Y0", "0407010H0", "0407020A0", "0403030Q0", "0601022B0"];
    public static readonly string[] Appliances = ["20031000015", "20020100101", "21220000222"];

    /// <summary>Every presentation code used in rows, sorted.</summary>
    public static IReadOnlyList<string> BnfCodes { get; } = Chemicals
        .SelectMany(c => new[] { c + "AAAAAA", c + "AAABAB", c + "BBAAAA" })
        .Concat(Appliances).Order(StringComparer.Ordinal).ToList();

    /// <summary>Codes prescribed but absent from the BNF reference.</summary>
    public static IReadOnlySet<string> UnnamedBnfCodes { get; } = new HashSet<string> { "0407020A0BBAAAA", "0601022B0AAABAB", "21220000222" };

    public static IReadOnlyList<string> PracticeCodes { get; } =
        Enumerable.Range(1, 24).Select(i => $"A81{i:D3}").Append("-").Append("A81998").ToList();

    /// <summary>Practices prescribing but absent from the address data.</summary>
    public static IReadOnlySet<string> PracticesWithoutAddress { get; } = new HashSet<string> { "A81021", "A81022", "A81023", "A81024", "-" };

    /// <summary>Practices whose postcode has no coordinates.</summary>
    public static IReadOnlySet<string> Ungeocoded { get; } = new HashSet<string> { "A81003", "A81007" };

    public static IReadOnlyList<PracticeRecord> Practices { get; } = PracticeCodes
        .Where(c => !PracticesWithoutAddress.Contains(c))
        .Select((c, i) => c == "A81998"
            ? new PracticeRecord(c, "UNIDENTIFIED DOCTORS", null, null, "Y54", "NORTH OF ENGLAND")
            : new PracticeRecord(c, $"Practice {c}", $"{i + 1} High Street", RawPostcode(c), Region(i).Code, Region(i).Name, $"Q{i % 3}A", $"ICB {i % 3}",
                $"0{i % 4}A", $"Sub ICB {i % 4}", "4", "ACTIVE"))
        .ToList();

    public static IReadOnlyList<PostcodeLocation> Postcodes { get; } = Practices
        .Where(p => p.Postcode is not null && !Ungeocoded.Contains(p.PracticeCode))
        .Select(p => p.PracticeCode == "A81002"
            ? new PostcodeLocation(p.Postcode!, 51.5, -0.12, "Greater London", "Y56", "LONDON")
            : new PostcodeLocation(p.Postcode!, 53 + int.Parse(p.PracticeCode[3..]) / 100.0, -1.5 - int.Parse(p.PracticeCode[3..]) / 100.0, "West Yorkshire"))
        .ToList();

    public static IReadOnlyList<BnfRecord> Bnf { get; } = BnfCodes.Where(c => !UnnamedBnfCodes.Contains(c)).Select(Record).ToList();

    /// <summary>A month's rows: random practice × presentation rows plus explicit per-pack duplicates and one negative row.</summary>
    public static IReadOnlyList<PrescribingRow> Rows(int seed, int count = 300)
    {
        var random = new Random(seed);
        var rows = new List<PrescribingRow>();
        for (var i = 0; i < count; i++)
        {
            var items = random.Next(1, 50);
            var nic = random.Next(1, 500_000);
            rows.Add(new PrescribingRow(PracticeCodes[random.Next(PracticeCodes.Count)], BnfCodes[random.Next(BnfCodes.Count)], items,
                items * random.Next(1, 100) * 1000L + random.Next(0, 1000), nic, nic * 1000L - random.Next(0, 100_000)));
        }
        for (var i = 0; i < 25; i++)
        {
            var copy = rows[random.Next(rows.Count)];
            rows.Add(copy with { Items = 2, QuantityMilli = 56_000, NicPence = 123, ActualCostE5 = 117_654 });
        }
        rows.Add(new PrescribingRow("A81005", "0205051R0AAAAAA", 1, -28_000, -457, -43_219));
        return rows;
    }

    public static FakeMonthRelease Release(YearMonth month, int seed, int count = 300) => new(month, Rows(seed, count))
    {
        Practices = Practices,
        Bnf = Bnf,
        Postcodes = Postcodes,
    };

    public static string? NormalisedPostcode(string practiceCode) =>
        Postcode.Normalise(Practices.FirstOrDefault(p => p.PracticeCode == practiceCode)?.Postcode);

    public static (double? Lat, double? Lon) Location(string practiceCode) =>
        Postcodes.FirstOrDefault(p => Postcode.Normalise(p.Postcode) == NormalisedPostcode(practiceCode)) is { } l ? (l.Latitude, l.Longitude) : (null, null);

    /// <summary>The practice's effective region: from its postcode when the lookup has one, else its own.</summary>
    public static string? EffectiveRegion(string practiceCode) =>
        Postcodes.FirstOrDefault(p => Postcode.Normalise(p.Postcode) == NormalisedPostcode(practiceCode))?.RegionCode
        ?? Practices.FirstOrDefault(p => p.PracticeCode == practiceCode)?.RegionCode;

    /// <summary>The practice's record in the address data, or null for one without.</summary>
    public static PracticeRecord? Practice(string practiceCode) => Practices.FirstOrDefault(p => p.PracticeCode == practiceCode);

    public static string? PracticeName(string practiceCode) => Practices.FirstOrDefault(p => p.PracticeCode == practiceCode)?.Name;

    public static string? PresentationName(string code) => UnnamedBnfCodes.Contains(code) ? null : $"Presentation {code}";

    private static (string Code, string Name) Region(int i) => (i % 3) switch
    {
        0 => ("Y54", "NORTH OF ENGLAND"),
        1 => ("Y55", "MIDLANDS AND EAST OF ENGLAND"),
        _ => ("Y57", "SOUTH OF ENGLAND"),
    };

    /// <summary>A messy spelling of the practice's postcode, to exercise normalisation.</summary>
    private static string RawPostcode(string code) => $" ls{int.Parse(code[3..])}  {int.Parse(code[3..]) % 9}ab ";

    /// <summary>An appliance's product is its presentation, named only by a "DUMMY PRODUCT" placeholder, which reads as null.</summary>
    private static BnfRecord Record(string code) => code.Length == BnfCode.ApplianceLength
        ? new BnfRecord(code, $"Presentation {code}", code, null, null, null, null, null, null, null, code[..4], $"Section {code[..4]}", code[..2], $"Chapter {code[..2]}")
        : new BnfRecord(code, $"Presentation {code}", code[..11], $"Product {code[..11]}", code[..9], $"Chemical {code[..9]}", code[..7], $"Subparagraph {code[..7]}",
            code[..6], $"Paragraph {code[..6]}", code[..4], $"Section {code[..4]}", code[..2], $"Chapter {code[..2]}");
}
