using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary>The raw area filters of a request: <c>region</c>, <c>icb</c> and <c>sub_icb</c>, as given (or null).</summary>
internal sealed record AreaParameters(string? Region, string? Icb = null, string? SubIcb = null)
{
    /// <summary>No area filter (the practice endpoint, whose practice is its own area).</summary>
    public static AreaParameters None { get; } = new(Region: null);
}

/// <summary>Checks area filters against the practices' geography (<see cref="PracticeArea"/> rows): every code must be some
/// practice's, and two given together must be some practice's together. A contradiction (an ICB of another region, a
/// sub-ICB location of another ICB or region) is a 400 naming the narrower parameter and where that area is, rather than an
/// empty answer that would read as "nothing prescribed".</summary>
internal static class AreaChecks
{
    /// <summary>Records what is wrong with <paramref name="icb"/> and <paramref name="subIcb"/> (the region is checked
    /// before, against the regions). Returns the codes as the warehouse spells them, for the query's exact match.</summary>
    public static (string? Icb, string? SubIcb) Check(
        IReadOnlyList<PracticeArea> areas, string? region, string? icb, string? subIcb, RequestErrors errors)
    {
        var icbAreas = icb is null ? [] : areas.Where(a => Same(a.IcbCode, icb)).ToList();
        var subIcbAreas = subIcb is null ? [] : areas.Where(a => Same(a.SubIcbCode, subIcb)).ToList();
        if (icb is not null && icbAreas.Count == 0)
            errors.Add(Parameters.IcbName, $"Unknown ICB '{icb}': GET /api/icbs lists them.");
        if (subIcb is not null && subIcbAreas.Count == 0)
            errors.Add(Parameters.SubIcbName, $"Unknown sub-ICB location '{subIcb}': GET /api/icbs lists them (under their ICB).");
        if (errors.Any) return (icb, subIcb);

        if (icb is not null && region is not null && !icbAreas.Any(a => Same(a.RegionCode, region)))
            errors.Add(Parameters.IcbName, Elsewhere($"ICB '{icb}'", "region", MainCode(icbAreas, a => a.RegionCode), region));
        if (subIcb is not null && icb is not null && !subIcbAreas.Any(a => Same(a.IcbCode, icb)))
            errors.Add(Parameters.SubIcbName, Elsewhere($"Sub-ICB location '{subIcb}'", "ICB", MainCode(subIcbAreas, a => a.IcbCode), icb));
        else if (subIcb is not null && icb is null && region is not null && !subIcbAreas.Any(a => Same(a.RegionCode, region)))
            errors.Add(Parameters.SubIcbName, Elsewhere($"Sub-ICB location '{subIcb}'", "region", MainCode(subIcbAreas, a => a.RegionCode), region));
        return (icbAreas.FirstOrDefault()?.IcbCode ?? icb, subIcbAreas.FirstOrDefault()?.SubIcbCode ?? subIcb);
    }

    /// <summary>Records an error naming <c>practice</c> for each given area the practice is not in.</summary>
    public static void CheckPractice(PracticeDetail practice, string? region, string? icb, string? subIcb, RequestErrors errors)
    {
        var who = $"Practice '{practice.PracticeCode}'";
        if (region is not null && !Same(practice.RegionCode, region))
            errors.Add("practice", Elsewhere(who, "region", practice.RegionCode, region));
        if (icb is not null && !Same(practice.IcbCode, icb))
            errors.Add("practice", Elsewhere(who, "ICB", practice.IcbCode, icb));
        if (subIcb is not null && !Same(practice.SubIcbCode, subIcb))
            errors.Add("practice", Elsewhere(who, "sub-ICB location", practice.SubIcbCode, subIcb));
    }

    /// <summary>The ICB listing: each ICB with its region and sub-ICB locations. An ICB's region is the one most of its
    /// practices are in, and a sub-ICB location is listed under the ICB most of its practices are in (ties: the first code),
    /// so a practice recorded in an odd place cannot list an area twice. Practice counts are of the practices in the ICB (or
    /// the sub-ICB location) wherever they are. ICBs come by name, sub-ICB locations by name within them.</summary>
    public static IReadOnlyList<IcbEntry> Listing(IReadOnlyList<PracticeArea> areas)
    {
        var subIcbHome = areas.Where(a => a.SubIcbCode is not null && a.IcbCode is not null)
            .GroupBy(a => a.SubIcbCode!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => MainCode(g.ToList(), a => a.IcbCode)!, StringComparer.Ordinal);
        return [.. areas.Where(a => a.IcbCode is not null).GroupBy(a => a.IcbCode!, StringComparer.Ordinal).Select(icb =>
        {
            var rows = icb.ToList();
            var region = MainCode(rows, a => a.RegionCode);
            var subIcbs = areas.Where(a => a.SubIcbCode is not null && subIcbHome.GetValueOrDefault(a.SubIcbCode) == icb.Key)
                .GroupBy(a => a.SubIcbCode!, StringComparer.Ordinal)
                .Select(s => new SubIcbEntry(s.Key, Name(s, a => a.SubIcbName), s.Sum(a => a.Practices)))
                .OrderBy(s => s.Name ?? s.Code, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Code, StringComparer.Ordinal);
            return new IcbEntry(icb.Key, Name(rows, a => a.IcbName), region,
                region is null ? null : Name(rows.Where(a => a.RegionCode == region), a => a.RegionName), rows.Sum(a => a.Practices), [.. subIcbs]);
        }).OrderBy(i => i.Name ?? i.Code, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Code, StringComparer.Ordinal)];
    }

    private static string Elsewhere(string who, string level, string? actual, string given) => actual is null
        ? $"{who} has no {level}, so it is not in '{given}': give one or the other."
        : $"{who} is in {level} '{actual}', not '{given}': give one or the other.";

    /// <summary>The code most practices of <paramref name="rows"/> have (ties: the first in order); null when none has one.</summary>
    private static string? MainCode(IEnumerable<PracticeArea> rows, Func<PracticeArea, string?> code) =>
        rows.Where(a => code(a) is not null).GroupBy(a => code(a)!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(a => a.Practices)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();

    /// <summary>The first name given (rows are in code order), or null.</summary>
    private static string? Name(IEnumerable<PracticeArea> rows, Func<PracticeArea, string?> name) =>
        rows.Select(name).FirstOrDefault(n => n is not null);

    private static bool Same(string? stored, string given) => string.Equals(stored, given, StringComparison.OrdinalIgnoreCase);
}
