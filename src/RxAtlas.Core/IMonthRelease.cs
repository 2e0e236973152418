namespace RxAtlas.Core;

/// <summary>Everything published for one month, ready to load: the prescribing rows plus the reference data that came with them.</summary>
/// <remarks>
/// <see cref="ReadPrescribing"/> streams the source once. <see cref="Totals"/>, <see cref="Practices"/> and <see cref="Bnf"/>
/// are complete only after it has been enumerated to the end (EPD files carry practice and BNF names in their rows).
/// </remarks>
public interface IMonthRelease
{
    YearMonth Month { get; }

    /// <summary>The source files, for messages and lineage (e.g. <c>T201911PDPI BNFT.csv + T201911ADDR BNFT.csv</c>).</summary>
    string Description { get; }

    /// <summary>Streams the prescribing rows; throws <see cref="DataFormatException"/> on malformed input.</summary>
    IEnumerable<PrescribingRow> ReadPrescribing();

    /// <summary>Exact totals of the rows read.</summary>
    SourceTotals Totals { get; }

    IReadOnlyCollection<PracticeRecord> Practices { get; }

    IReadOnlyCollection<BnfRecord> Bnf { get; }

    IReadOnlyCollection<PostcodeLocation> Postcodes { get; }
}
