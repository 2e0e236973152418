namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Names of the raw-zone source folders.</summary>
public static class LakeSources
{
    /// <summary>Monthly prescribing files: PDPI (with its ADDR and CHEM files) or EPD.</summary>
    public const string Prescribing = "prescribing";

    /// <summary>ODS practice files (epraccur).</summary>
    public const string Practices = "practices";

    /// <summary>BNF code information files.</summary>
    public const string Bnf = "bnf";

    /// <summary>Postcode lookups (ONSPD, gridall).</summary>
    public const string Postcodes = "postcodes";

    public static IReadOnlyList<string> Reference { get; } = [Practices, Bnf, Postcodes];
}
