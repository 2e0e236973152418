namespace RxAtlas.Warehouse.Sql;

/// <summary>Engine-neutral SQL for the documented views and the rollups, shared by every engine.</summary>
/// <remarks>
/// Physical tables (each engine creates them with its own types): <c>dim_month</c>, <c>dim_practice</c>, <c>dim_bnf</c>,
/// <c>dim_postcode</c>, <c>fact_prescribing</c>, <c>fact_list_size</c>, <c>rollup_practice_month</c>, <c>rollup_bnf_practice_month</c> and the
/// <c>meta</c> schema. Users and the web app see only the views below.
/// </remarks>
public static class WarehouseSql
{
    /// <summary>BNF prefix lengths pre-aggregated in <c>rollup_bnf_practice_month</c>: chapter, section, paragraph. Finer
    /// selections (chemical, product, presentation) read the fact, whose BNF order lets them skip all but a sliver of it.</summary>
    public static IReadOnlyList<int> RolledUpLevelLengths { get; } = [2, 4, 6];

    /// <summary>Internal view: a practice with its key, location and effective region/ICB/sub-ICB: its postcode's from the
    /// lookup when the lookup gives both code and name, else the practice's own (ODS: epraccur, EPD); code and name always
    /// come from the same source. A lookup giving codes without names (the ONS Postcode Directory's E12 regions and E54 ICBs)
    /// only fills in coordinates: its codes belong to another system than the practice's NHS Y and Q codes, and would both
    /// mix the two in one column and lose the practice's names.</summary>
    public const string PracticeLocationView = """
        CREATE OR REPLACE VIEW practice_location AS
        SELECT p.practice_key, p.practice_code, p.name, p.address, p.postcode,
               pc.latitude, pc.longitude, pc.county,
               CASE WHEN pc.region_code IS NOT NULL AND pc.region_name IS NOT NULL THEN pc.region_code ELSE p.region_code END AS region_code,
               CASE WHEN pc.region_code IS NOT NULL AND pc.region_name IS NOT NULL THEN pc.region_name ELSE p.region_name END AS region_name,
               CASE WHEN pc.icb_code IS NOT NULL AND pc.icb_name IS NOT NULL THEN pc.icb_code ELSE p.icb_code END AS icb_code,
               CASE WHEN pc.icb_code IS NOT NULL AND pc.icb_name IS NOT NULL THEN pc.icb_name ELSE p.icb_name END AS icb_name,
               CASE WHEN pc.sub_icb_code IS NOT NULL AND pc.sub_icb_name IS NOT NULL THEN pc.sub_icb_code ELSE p.sub_icb_code END AS sub_icb_code,
               CASE WHEN pc.sub_icb_code IS NOT NULL AND pc.sub_icb_name IS NOT NULL THEN pc.sub_icb_name ELSE p.sub_icb_name END AS sub_icb_name,
               p.setting, p.status, p.is_unidentified
        FROM dim_practice p
        LEFT JOIN dim_postcode pc ON pc.postcode = p.postcode
        """;

    /// <summary>Documented view <c>practices</c>.</summary>
    public const string PracticesView = """
        CREATE OR REPLACE VIEW practices AS
        SELECT practice_code, name, address, postcode, latitude, longitude, county,
               region_code, region_name, icb_code, icb_name, sub_icb_code, sub_icb_name, setting, status, is_unidentified
        FROM practice_location
        """;

    /// <summary>Documented view <c>bnf</c>: one row per presentation with every level's code and name (null placeholders).</summary>
    public const string BnfView = """
        CREATE OR REPLACE VIEW bnf AS
        SELECT bnf_code, presentation, product_code, product, chemical_code, chemical, subparagraph_code, subparagraph,
               paragraph_code, paragraph, section_code, section, chapter_code, chapter
        FROM dim_bnf
        """;

    /// <summary>Documented view <c>prescribing</c>: the fact at practice × presentation × month grain with exact decimals
    /// (integer × decimal literal is exact in both engines; no division, no floating point).</summary>
    public const string PrescribingView = """
        CREATE OR REPLACE VIEW prescribing AS
        SELECT m.month, p.practice_code, b.bnf_code, f.items,
               CAST(CAST(f.quantity_milli AS DECIMAL(18,0)) * 0.001 AS DECIMAL(18,3)) AS quantity,
               CAST(CAST(f.nic_pence AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)) AS nic,
               CAST(CAST(f.actual_cost_e5 AS DECIMAL(18,0)) * 0.00001 AS DECIMAL(18,5)) AS actual_cost
        FROM fact_prescribing f
        JOIN dim_month m ON m.month_key = f.month_key
        JOIN dim_practice p ON p.practice_key = f.practice_key
        JOIN dim_bnf b ON b.bnf_key = f.bnf_key
        """;

    /// <summary>Documented view <c>ungeocoded_practices</c>: real practices with no coordinates (the list <c>rxatlas check</c> prints).</summary>
    public const string UngeocodedPracticesView = """
        CREATE OR REPLACE VIEW ungeocoded_practices AS
        SELECT practice_code, name, postcode
        FROM practice_location
        WHERE latitude IS NULL AND NOT is_unidentified
        """;

    /// <summary>Documented view <c>list_sizes</c>: patients registered at each practice as at the first of each month.</summary>
    public const string ListSizesView = """
        CREATE OR REPLACE VIEW list_sizes AS
        SELECT m.month, p.practice_code, l.patients
        FROM fact_list_size l
        JOIN dim_month m ON m.month_key = l.month_key
        JOIN dim_practice p ON p.practice_key = l.practice_key
        """;

    /// <summary>Documented view <c>months</c> (schema version 6): one row per loaded month (a month in <c>meta.loads</c>; a
    /// month that has only list sizes is not loaded) with its calendar and NHS financial-year (April–March) labels and what
    /// its load recorded: the dataset (PDPI or EPD; null for loads before version 4), the source files, the source's rows,
    /// the fact rows kept (EPD's per-pack rows summed) and when it was loaded (UTC). Both quarters are 1–4:
    /// <c>calendar_quarter</c> counts from January (Jan–Mar = 1), <c>financial_quarter</c> from April (Apr–Jun = 1).
    /// (No integer division: DuckDB's <c>/</c> divides integers as floating point.)</summary>
    public const string MonthsView = """
        CREATE OR REPLACE VIEW months AS
        SELECT m.month, m.year, m.month_of_year, m.quarter AS calendar_quarter, m.financial_year,
               CASE WHEN m.month_of_year BETWEEN 4 AND 6 THEN 1 WHEN m.month_of_year BETWEEN 7 AND 9 THEN 2
                    WHEN m.month_of_year BETWEEN 10 AND 12 THEN 3 ELSE 4 END AS financial_quarter,
               l.dataset, l.source AS source_files, l.source_rows, l.fact_rows, l.loaded_at
        FROM dim_month m
        JOIN meta.loads l ON l.month_key = m.month_key
        """;

    /// <summary>Normalised postcodes of real practices with no coordinates yet (the geocoder's to-do list), sorted.</summary>
    public const string PostcodesWithoutLocation = """
        SELECT DISTINCT p.postcode FROM dim_practice p
        LEFT JOIN dim_postcode pc ON pc.postcode = p.postcode
        WHERE p.postcode IS NOT NULL AND NOT p.is_unidentified AND (pc.latitude IS NULL OR pc.longitude IS NULL)
        ORDER BY p.postcode
        """;

    /// <summary>All view statements, in dependency order.</summary>
    public static IReadOnlyList<string> Views { get; } =
        [PracticeLocationView, PracticesView, BnfView, PrescribingView, UngeocodedPracticesView, ListSizesView, MonthsView];
}
