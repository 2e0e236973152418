using System.Globalization;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Generation;

/// <summary>Places synthetic practices around the real towns of <see cref="Geography"/>.</summary>
internal static class PracticeRegistry
{
    /// <summary>The real code of the practice with no address in Nov 2019 (COMM NURSING SCAR SOUTH).</summary>
    public const string NoAddressCode = "Y06381";

    private static readonly string[] Streets = ["HIGH STREET", "CHURCH ROAD", "STATION ROAD", "PARK LANE", "MILL LANE", "VICTORIA ROAD", "LONDON ROAD", "GREEN LANE", "MANOR ROAD", "QUEENS ROAD", "KING STREET", "NEW ROAD", "WEST STREET", "ALBERT ROAD", "SCHOOL LANE", "THE GREEN", "MARKET PLACE", "NORTH ROAD", "ELM GROVE", "BRIDGE STREET"];
    private static readonly string[] Districts = ["MOORSIDE", "HIGHFIELD", "WESTGATE", "BROOKSIDE", "NEWTOWN", "HILLTOP", "PARKSIDE", "EASTFIELD", "WOODHOUSE", "ABBEY", "CASTLE", "SOUTHVIEW", "OAKWOOD", "FAIRFIELD"];
    private static readonly string[] Surnames = ["SMITH", "JONES", "PATEL", "KHAN", "TAYLOR", "BROWN", "WILLIAMS", "WILSON", "JOHNSON", "DAVIES", "ROBINSON", "WRIGHT", "THOMPSON", "EVANS", "WALKER", "WHITE", "ROBERTS", "GREEN", "HALL", "WOOD", "AHMED", "SINGH", "CLARKE", "HUGHES"];
    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    /// <summary>Practices for a month of about <paramref name="rowsPerMonth"/> rows: rows/50, at least 20, at most 9,000.</summary>
    public static int PracticeCountFor(long rowsPerMonth) => (int)Math.Clamp(rowsPerMonth / 50, 20, 9_000);

    /// <summary>Builds <paramref name="count"/> regular practices (one of them the address-less <c>Y06381</c>) plus the
    /// unidentified pseudo-practices EPD has, in file order (by area team, sub-ICB, code).</summary>
    public static IReadOnlyList<Practice> Build(int seed, int count)
    {
        var rng = SampleRandom.For(seed, "practices");
        var towns = Geography.Towns;
        var cumulative = new double[towns.Count];
        var sum = 0.0;
        for (var i = 0; i < towns.Count; i++) cumulative[i] = sum += towns[i].Weight;
        var usedCodes = new HashSet<string>(StringComparer.Ordinal) { NoAddressCode };
        var usedPostcodes = new HashSet<string>(StringComparer.Ordinal);
        var nextByPrefix = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextY = 1;
        var practices = new List<Practice>(count + 64);
        for (var i = 0; i < count - 1; i++)
        {
            var found = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            var town = towns[Math.Min(towns.Count - 1, found < 0 ? ~found : found)];
            var code = NextCode(rng, town, nextByPrefix, ref nextY, usedCodes);
            practices.Add(MakePractice(rng, town, code, practices, usedPostcodes));
        }
        var scarborough = towns.First(t => t.Name == "SCARBOROUGH");
        practices.Add(new Practice(NoAddressCode, "COMM NURSING SCAR SOUTH", "", "", "", "", "", 0, 0, false, scarborough, 0, 200001, 299912,
            PracticeKind.NoAddress, SampleRandom.StableHash(NoAddressCode)));
        foreach (var subIcb in towns.GroupBy(t => t.SubIcb).Select(g => g.First()).Where((_, i) => i % 3 == 0))
        {
            var code = subIcb.SubIcb + "998";
            practices.Add(new Practice(code, "UNIDENTIFIED DOCTORS", "", "", "", "", "", 0, 0, false, subIcb, 0, 200001, 299912,
                PracticeKind.PcoUnidentified, SampleRandom.StableHash(code)));
        }
        practices.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Home.AreaTeam, b.Home.AreaTeam);
            if (c == 0) c = string.CompareOrdinal(a.Home.SubIcb, b.Home.SubIcb);
            return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
        });
        practices.Add(new Practice(Core.PracticeCode.NationalUnidentified, "UNIDENTIFIED DOCTORS", "-", "-", "-", "-", "-", 0, 0, false, towns[0], 0,
            200001, 299912, PracticeKind.NationalUnidentified, SampleRandom.StableHash("-")));
        return practices;
    }

    private static string NextCode(SampleRandom rng, Town town, Dictionary<string, int> nextByPrefix, ref int nextY, HashSet<string> used)
    {
        string code;
        do
        {
            nextByPrefix.TryGetValue(town.PracticePrefix, out var n);
            if (n < 999 && !rng.Chance(0.05))
            {
                n += 1 + (rng.Chance(0.2) ? rng.Next(3) : 0);
                nextByPrefix[town.PracticePrefix] = Math.Min(n, 999);
                code = town.PracticePrefix + Math.Min(n, 999).ToString("D3", CultureInfo.InvariantCulture);
            }
            else
            {
                nextY += 1 + rng.Next(5);
                code = "Y0" + nextY.ToString("D4", CultureInfo.InvariantCulture);
            }
        }
        while (!used.Add(code));
        return code;
    }

    private static Practice MakePractice(SampleRandom rng, Town town, string code, List<Practice> existing, HashSet<string> usedPostcodes)
    {
        var street = rng.Pick(Streets);
        var district = rng.Chance(0.7) ? rng.Pick(Districts) : "";
        var name = rng.Next(6) switch
        {
            0 => street.StartsWith("THE ", StringComparison.Ordinal) ? $"{street} SURGERY" : $"THE {street} SURGERY",
            1 => $"{(district.Length > 0 ? district : town.Name)} MEDICAL CENTRE",
            2 => rng.Chance(0.3) ? $"DR {rng.Pick(Surnames)}, {rng.Pick(Surnames)} & PARTNERS" : $"DR {rng.Pick(Surnames)} & PARTNERS",
            3 => $"{(district.Length > 0 ? district : street)} HEALTH CENTRE",
            4 => $"{town.Name} GROUP PRACTICE",
            _ => $"{rng.Pick(Surnames)} HOUSE SURGERY",
        };
        // Health centres host several practices: ~15% share a neighbour's postcode and location.
        Practice? neighbour = null;
        if (existing.Count > 0 && rng.Chance(0.15))
        {
            var candidate = existing[rng.Next(existing.Count)];
            if (candidate.Home == town && candidate.Postcode.Length > 0) neighbour = candidate;
        }
        var size = Math.Min(3.5, rng.NextLogNormal(1, 0.55));
        var from = rng.Chance(0.08) ? RandomMonth(rng, 2010, 2026) : 200001;
        var to = rng.Chance(0.08) ? Math.Max(from + 100, RandomMonth(rng, 2010, 2026)) : 299912;
        var hash = SampleRandom.StableHash(code);
        if (neighbour is not null)
        {
            return new Practice(code, name, neighbour.Address1, neighbour.Address2, town.Name, neighbour.County, neighbour.Postcode,
                neighbour.Latitude, neighbour.Longitude, neighbour.HasCoordinates, town, size, from, to, PracticeKind.Regular, hash);
        }
        string postcode;
        do
        {
            var district2 = rng.Next(town.DistrictMin, town.DistrictMax + 1);
            postcode = string.Create(CultureInfo.InvariantCulture,
                $"{town.PostcodeArea}{district2} {1 + rng.Next(9)}{InwardLetters[rng.Next(InwardLetters.Length)]}{InwardLetters[rng.Next(InwardLetters.Length)]}");
        }
        while (!usedPostcodes.Add(postcode));
        var latitude = Math.Round(town.Latitude + 0.018 * rng.NextGaussian(), 6);
        var longitude = Math.Round(town.Longitude + 0.028 * rng.NextGaussian(), 6);
        var address1 = $"{1 + rng.Next(250)} {street}";
        var county = rng.Chance(0.75) ? town.County : "";
        return new Practice(code, name, address1, district, town.Name, county, postcode, latitude, longitude, !rng.Chance(0.02), town, size,
            from, to, PracticeKind.Regular, hash);
    }

    private static int RandomMonth(SampleRandom rng, int fromYear, int toYear) => (fromYear + rng.Next(toYear - fromYear + 1)) * 100 + 1 + rng.Next(12);
}
