namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Names of the raw-zone source folders; the same as RxAtlas.Acquisition's <c>SourceKind</c> folders, so the DAG
/// reads what the internet fetcher writes.</summary>
public static class LakeSources
{
    /// <summary>NHSBSA English Prescribing Dataset files, one per month.</summary>
    public const string Epd = "epd";

    /// <summary>NHS Digital PDPI files (with their ADDR and CHEM files, or the monthly zip).</summary>
    public const string Pdpi = "pdpi";

    /// <summary>BNF code information files.</summary>
    public const string Bnf = "bnf";

    /// <summary>ODS practice files (epraccur).</summary>
    public const string Ods = "ods";

    /// <summary>Postcode lookups (ONSPD, gridall, saved postcodes.io answers).</summary>
    public const string Postcodes = "postcodes";

    /// <summary>NHS Digital "Patients Registered at a GP Practice" files (<c>gp-reg-pat-prac-all.csv</c>, quinary-age), one
    /// folder per month (the files carry no month in their names).</summary>
    public const string ListSize = "listsize";

    /// <summary>The period folder of files that are not per month.</summary>
    public const string CurrentPeriod = "current";

    /// <summary>Where a month's prescribing files may be, in order of preference when both exist.</summary>
    public static IReadOnlyList<string> Prescribing { get; } = [Epd, Pdpi];

    /// <summary>The reference sources staged for every month.</summary>
    public static IReadOnlyList<string> Reference { get; } = [Ods, Bnf, Postcodes];
}
