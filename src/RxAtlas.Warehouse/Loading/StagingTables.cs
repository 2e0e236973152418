namespace RxAtlas.Warehouse.Loading;

/// <summary>The connection-local temporary tables an engine creates and fills with reference data for
/// <see cref="WarehouseWriter"/>'s upserts; the shared SQL reads them by these names and columns (in this order).</summary>
public static class StagingTables
{
    /// <summary><c>practice_in</c>: one row per practice code. Columns: practice_code, then <see cref="PracticeAttributes"/>
    /// (all text), then is_unidentified boolean.</summary>
    public const string Practices = "practice_in";

    /// <summary><c>bnf_in</c>: one row per presentation. Columns: bnf_key integer (0 when not new), is_new boolean, bnf_code text,
    /// presentation text, then <see cref="BnfLevelColumns"/> (all text).</summary>
    public const string Bnf = "bnf_in";

    /// <summary><c>postcode_in</c>: one row per normalised postcode. Columns: postcode text, latitude double, longitude double,
    /// then <see cref="PostcodeAttributes"/> from county on (all text).</summary>
    public const string Postcodes = "postcode_in";

    public static IReadOnlyList<string> PracticeAttributes { get; } =
        ["name", "address", "postcode", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name", "setting", "status"];

    public static IReadOnlyList<string> BnfLevelColumns { get; } =
        ["product_code", "product", "chemical_code", "chemical", "subparagraph_code", "subparagraph", "paragraph_code", "paragraph",
         "section_code", "section", "chapter_code", "chapter"];

    public static IReadOnlyList<string> PostcodeAttributes { get; } =
        ["latitude", "longitude", "county", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name"];
}
