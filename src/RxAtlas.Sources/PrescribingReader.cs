using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>
/// Streams a PDPI or EPD prescribing file (any of the five layouts, recognised from the header) as
/// <see cref="PrescribingRow"/>s at the source's grain, in constant memory.
/// </summary>
/// <remarks>
/// After <see cref="Read"/> has been enumerated to the end, <see cref="Month"/>, <see cref="Totals"/> (exact sums of every
/// row yielded), <see cref="Practices"/> (one per practice seen; EPD rows carry names, addresses and the organisation
/// hierarchy, PDPI rows only the code) and <see cref="Bnf"/> (presentation and, for EPD, chemical names; the first name
/// seen wins) are complete. Unidentified prescribers (<c>-</c>, codes ending <c>998</c>) are yielded like any other.
/// EPD's quantity for the fact is <c>TOTAL_QUANTITY</c>; empty measures read as zero.
/// </remarks>
public sealed class PrescribingReader
{
    private readonly SourceFile _file;
    private readonly YearMonth? _expectedMonth;
    private PrescribingRowParser? _parser;
    private bool _complete;

    /// <param name="file">The prescribing file.</param>
    /// <param name="expectedMonth">When given (e.g. from the file name), rows of any other month are an error.</param>
    public PrescribingReader(SourceFile file, YearMonth? expectedMonth = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _expectedMonth = expectedMonth;
    }

    /// <summary>Opens a path (<c>.csv</c>, <c>.csv.gz</c>, <c>.zip</c> or <c>archive.zip!entry.csv</c>).</summary>
    public static PrescribingReader Open(string path) => new(SourceFile.Open(path));

    public SourceFile File => _file;

    /// <summary>The layout found in the header; known once reading has started.</summary>
    public PrescribingLayout? Layout { get; private set; }

    /// <summary>The month of the rows.</summary>
    public YearMonth Month => _parser?.Month ?? _expectedMonth ?? throw NotRead();

    /// <summary>Exact totals of every row yielded.</summary>
    public SourceTotals Totals => Completed().Totals;

    /// <summary>Every practice seen (EPD: with name, address, postcode and hierarchy; PDPI: the code only), in first-seen order.</summary>
    public IReadOnlyCollection<PracticeRecord> Practices => Completed().Practices;

    /// <summary>Every presentation seen with its name (EPD: and its chemical's code and name), in first-seen order.</summary>
    public IReadOnlyCollection<BnfRecord> Bnf => Completed().Bnf;

    /// <summary>Streams the rows. Each enumeration re-reads the file from the start.</summary>
    /// <exception cref="DataFormatException">Malformed input, naming the file, line and field.</exception>
    public IEnumerable<PrescribingRow> Read()
    {
        _parser = null;
        _complete = false;
        using var csv = _file.OpenCsv();
        var columns = PrescribingColumns.ReadHeader(csv, _file);
        csv.FieldNames = columns.Header.Names;
        Layout = columns.Layout;
        var parser = new PrescribingRowParser(columns, _expectedMonth);
        _parser = parser;
        var practices = parser.PracticeCodes;
        var bnf = parser.BnfCodes;
        while (csv.Read())
        {
            var row = parser.Parse(csv);
            yield return new PrescribingRow(practices[row.PracticeId], bnf[row.BnfId], row.Items, row.QuantityMilli, row.NicPence, row.ActualCostE5);
        }
        if (parser.Rows == 0) throw PrescribingRowParser.NoDataRows(_file.DisplayName);
        _complete = true;
    }

    private PrescribingRowParser Completed() => _complete && _parser is { } parser ? parser : throw NotRead();

    private static InvalidOperationException NotRead() =>
        new("Enumerate Read() to the end first: the month, totals, practices and BNF names are known only after the whole file is read.");
}
