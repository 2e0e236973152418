using RxAtlas.Core;

namespace RxAtlas.SampleData;

/// <summary>Everything one <see cref="SampleGenerator.Generate"/> call wrote, with the exact truth to check readers against.</summary>
/// <param name="OutputDirectory">Where every file is.</param>
/// <param name="Months">One entry per month, oldest first.</param>
/// <param name="BnfCodeFile">The BNF Code Information CSV (some prescribed codes are deliberately absent from it).</param>
/// <param name="PostcodeLookupFile"><c>postcode_lookup.csv</c>: <c>postcode,county,region,longitude,latitude</c>
/// (a few practice postcodes deliberately missing).</param>
/// <param name="EpraccurFile"><c>epraccur.csv</c>: ODS 27-column layout, no header, values double-quoted, CRLF.</param>
/// <param name="PostcodesIoFile"><c>postcodes_io_bulk.json</c>: a postcodes.io bulk response for every practice postcode
/// (<c>result: null</c> for the ones without coordinates).</param>
/// <param name="ManifestFile"><c>manifest.json</c>: the same per-month truth as <see cref="Months"/>.</param>
/// <param name="PracticeCount">Practices in the synthetic registry (excluding unidentified pseudo-practices).</param>
/// <param name="PresentationCount">Presentations in the synthetic BNF catalogue.</param>
public sealed record GeneratedDataset(
    string OutputDirectory,
    IReadOnlyList<GeneratedMonth> Months,
    string BnfCodeFile,
    string PostcodeLookupFile,
    string EpraccurFile,
    string PostcodesIoFile,
    string ManifestFile,
    int PracticeCount,
    int PresentationCount)
{
    /// <summary>Rows over all months.</summary>
    public long TotalRows => Months.Sum(m => m.Totals.Rows);
}

/// <summary>One month as written.</summary>
/// <param name="Month">The data month.</param>
/// <param name="Format">The layout used (never <see cref="SampleFormat.Auto"/>).</param>
/// <param name="PrescribingFile">Full path of the prescribing file (<c>.csv</c>, <c>.csv.gz</c> or <c>.zip</c>).</param>
/// <param name="AddressFile">Full path of the <c>T{YYYYMM}ADDR BNFT</c> file for PDPI months; null for EPD months.</param>
/// <param name="Totals">Exact totals of the rows written, at <see cref="Scale"/> (rows, items, quantity ×1000, NIC pence,
/// actual cost ×1e5). For EPD the quantity is the sum of <c>TOTAL_QUANTITY</c>.</param>
/// <param name="DistinctKeys">Distinct (practice code, presentation code) pairs; below the row count for EPD (pack sizes).</param>
/// <param name="Practices">Distinct practice codes in the prescribing file (including unidentified ones).</param>
/// <param name="AddressRows">Rows in the address file (0 for EPD months).</param>
/// <param name="UnidentifiedRows">Rows for unidentified prescribers (<c>-</c> or <c>…998</c>); 0 for PDPI months.</param>
/// <param name="NegativeRows">Adjustment rows with negative cost.</param>
public sealed record GeneratedMonth(
    YearMonth Month,
    SampleFormat Format,
    string PrescribingFile,
    string? AddressFile,
    SourceTotals Totals,
    long DistinctKeys,
    int Practices,
    int AddressRows,
    long UnidentifiedRows,
    long NegativeRows)
{
    /// <summary>Full path of the month's <c>listsize/YYYY-MM/gp-reg-pat-prac-all.csv</c>.</summary>
    public string? ListSizeFile { get; init; }

    /// <summary>Full path of the month's <c>listsize/YYYY-MM/gp-reg-pat-prac-map.csv</c> (each practice's sub-ICB, ICB and
    /// region, with names).</summary>
    public string? PracticeMapFile { get; init; }

    /// <summary>The practice list sizes written for the month, in code order (the exact truth).</summary>
    public IReadOnlyList<PracticeListSize> ListSizes { get; init; } = [];
}
