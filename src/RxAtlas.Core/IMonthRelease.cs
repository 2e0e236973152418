using RxAtlas.Core.Coding;

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

    /// <summary>The published dataset the rows come from (<c>PDPI</c>, <c>EPD</c>): two loads of a month from one dataset are
    /// revisions of it, from two datasets a substitution the load reports. Known only after the rows have been read (the
    /// file's header tells); the default is <see cref="Description"/>.</summary>
    string Dataset => Description;

    /// <summary>Streams the prescribing rows; throws <see cref="DataFormatException"/> on malformed input.</summary>
    IEnumerable<PrescribingRow> ReadPrescribing();

    /// <summary>Reads every prescribing row into memory with its codes as dense ids: what a load arranges into the fact.
    /// Like <see cref="ReadPrescribing"/>, completes <see cref="Totals"/>, <see cref="Practices"/> and <see cref="Bnf"/>.
    /// The default codes <see cref="ReadPrescribing"/> on the calling thread; a release may read faster (e.g. in parallel).</summary>
    /// <param name="rowsRead">Receives the running row count as the file is read.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="DataFormatException">Malformed input, naming the file, line and field.</exception>
    CodedPrescribing ReadCoded(IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default) =>
        CodedPrescribing.FromRows(ReadPrescribing(), rowsRead, cancellationToken: cancellationToken);

    /// <summary>Exact totals of the rows read.</summary>
    SourceTotals Totals { get; }

    IReadOnlyCollection<PracticeRecord> Practices { get; }

    IReadOnlyCollection<BnfRecord> Bnf { get; }

    IReadOnlyCollection<PostcodeLocation> Postcodes { get; }
}
