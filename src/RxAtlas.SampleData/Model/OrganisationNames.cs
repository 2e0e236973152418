using RxAtlas.Core;

namespace RxAtlas.SampleData.Model;

/// <summary>How the organisations above a practice were coded and named in a given month (they were reorganised in
/// April 2013, April 2017/2018 and July 2022).</summary>
internal static class OrganisationNames
{
    private static readonly YearMonth CcgsCreated = new(2013, 4);
    private static readonly YearMonth StpsUsed = new(2017, 4);
    private static readonly YearMonth SevenRegions = new(2018, 4);
    private static readonly YearMonth IcbsCreated = new(2022, 7);

    /// <summary>PDPI SHA column: strategic health authority before April 2013, area team after.</summary>
    public static string PdpiSha(Town town, YearMonth month) => month < CcgsCreated ? town.StrategicHealthAuthority : town.AreaTeam;

    /// <summary>PDPI PCT column: a primary care trust code before April 2013, the CCG code after.</summary>
    public static string PdpiPct(Town town, YearMonth month) =>
        month < CcgsCreated ? "5" + town.SubIcb[1..] : town.SubIcb;

    public static (string Code, string Name) Region(Town town, YearMonth month) =>
        month < SevenRegions ? (town.Region.LegacyCode, town.Region.LegacyName) : (town.Region.Code, town.Region.Name);

    /// <summary>The EPD column prefix of the sub-region columns: AREA_TEAM, STP or ICB.</summary>
    public static string SubRegionPrefix(YearMonth month) => month < StpsUsed ? "AREA_TEAM" : month < IcbsCreated ? "STP" : "ICB";

    public static (string Code, string Name) SubRegion(Town town, YearMonth month) =>
        month < StpsUsed ? (town.AreaTeam, AreaTeams.NameOf(town.AreaTeam))
        : month < IcbsCreated ? (town.Icb.Code, town.Icb.StpName)
        : (town.Icb.Code, town.Icb.Name);

    public static (string Code, string Name) Pco(Town town, YearMonth month) =>
        month < IcbsCreated
            ? (town.SubIcb + "00", town.SubIcbName)
            : (town.SubIcb + "00", town.Icb.Name.Replace("INTEGRATED CARE BOARD", "ICB", StringComparison.Ordinal) + " - " + town.SubIcb);
}
