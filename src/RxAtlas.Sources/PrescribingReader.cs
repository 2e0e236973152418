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
    private readonly Dictionary<string, PracticeRecord> _practices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BnfRecord> _bnf = new(StringComparer.Ordinal);
    private PrescribingColumns _columns = null!;
    private YearMonth? _month;
    private char[] _monthText = [];
    private long _rows, _items, _quantity, _nic, _actualCost;
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
    public YearMonth Month => _month ?? _expectedMonth ?? throw NotRead();

    /// <summary>Exact totals of every row yielded.</summary>
    public SourceTotals Totals => _complete ? new SourceTotals(_rows, _items, _quantity, _nic, _actualCost) : throw NotRead();

    /// <summary>Every practice seen (EPD: with name, address, postcode and hierarchy; PDPI: the code only).</summary>
    public IReadOnlyCollection<PracticeRecord> Practices => _complete ? _practices.Values : throw NotRead();

    /// <summary>Every presentation seen with its name (EPD: and its chemical's code and name).</summary>
    public IReadOnlyCollection<BnfRecord> Bnf => _complete ? _bnf.Values : throw NotRead();

    /// <summary>Streams the rows. Each enumeration re-reads the file from the start.</summary>
    /// <exception cref="DataFormatException">Malformed input, naming the file, line and field.</exception>
    public IEnumerable<PrescribingRow> Read()
    {
        Reset();
        using var csv = _file.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(_file.DisplayName, 0, null, "the file is empty; expected a header row and data");
        _columns = PrescribingColumns.FromHeader(csv, SourceDetector.KindFromName(_file.FileName));
        Layout = _columns.Layout;
        var fields = _columns.Header.Count;
        var alsoAllowed = _columns.Header.HasTrailingEmpty ? fields - 1 : -1;
        while (csv.Read())
        {
            if (csv.FieldCount != fields && csv.FieldCount != alsoAllowed) FieldParser.RequireFieldCount(csv, fields, alsoAllowed);
            yield return ParseRow(csv);
        }
        if (_rows == 0) throw new DataFormatException(_file.DisplayName, 0, null, "the file has a header but no data rows");
        _complete = true;
    }

    private void Reset()
    {
        _practices.Clear();
        _bnf.Clear();
        _month = null;
        _monthText = [];
        _rows = _items = _quantity = _nic = _actualCost = 0;
        _complete = false;
    }

    private PrescribingRow ParseRow(CsvReader csv)
    {
        var c = _columns;
        CheckMonth(csv);
        var practice = PracticeFor(csv);
        var bnf = BnfFor(csv);
        var row = new PrescribingRow(
            practice,
            bnf,
            FieldParser.Scaled(csv, c.Items, 0, c.Name(c.Items)),
            FieldParser.Scaled(csv, c.Quantity, Scale.QuantityDigits, c.Name(c.Quantity)),
            FieldParser.Scaled(csv, c.Nic, Scale.NicDigits, c.Name(c.Nic)),
            FieldParser.Scaled(csv, c.ActualCost, Scale.ActualCostDigits, c.Name(c.ActualCost)));
        _rows++;
        _items += row.Items;
        _quantity += row.QuantityMilli;
        _nic += row.NicPence;
        _actualCost += row.ActualCostE5;
        return row;
    }

    private void CheckMonth(CsvReader csv)
    {
        var text = csv[_columns.Month];
        if (_month is not null && text.SequenceEqual(_monthText)) return;
        var month = FieldParser.Month(csv, _columns.Month, _columns.Name(_columns.Month));
        if (_month is null)
        {
            if (_expectedMonth is { } expected && month != expected)
            {
                throw new DataFormatException(_file.DisplayName, csv.LineNumber, _columns.Name(_columns.Month),
                    $"the rows are for {month} but the file is named for {expected}");
            }
            _month = month;
            _monthText = text.ToArray();
        }
        else if (month != _month)
        {
            throw new DataFormatException(_file.DisplayName, csv.LineNumber, _columns.Name(_columns.Month),
                $"the file mixes months: this row is {month} but earlier rows are {_month}; expected one month per file");
        }
    }

    private string PracticeFor(CsvReader csv)
    {
        var c = _columns;
        var code = csv[c.Practice];
        var lookup = _practices.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(code, out var known)) return known.PracticeCode;
        FieldParser.RequirePracticeCode(csv, code, c.Name(c.Practice));
        var text = code.ToString();
        var record = !c.IsEpd
            ? new PracticeRecord(text, null, null, null)
            : new PracticeRecord(
                text,
                FieldParser.Text(csv, c.PracticeName),
                FieldParser.JoinNonBlank(csv, c.AddressLines),
                Postcode.Normalise(FieldParser.Text(csv, c.Postcode)),
                FieldParser.Text(csv, c.RegionCode),
                FieldParser.Text(csv, c.RegionName),
                FieldParser.Text(csv, c.IcbCode),
                FieldParser.Text(csv, c.IcbName),
                FieldParser.Text(csv, c.SubIcbCode),
                FieldParser.Text(csv, c.SubIcbName));
        _practices.Add(text, record);
        return text;
    }

    private string BnfFor(CsvReader csv)
    {
        var c = _columns;
        var code = csv[c.Bnf];
        var lookup = _bnf.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(code, out var known)) return known.PresentationCode;
        FieldParser.RequireBnfCode(csv, code, c.Name(c.Bnf));
        var text = code.ToString();
        var chemicalCode = FieldParser.Text(csv, c.ChemicalCode);
        _bnf.Add(text, new BnfRecord(
            text, FieldParser.Text(csv, c.BnfName),
            null, null,
            chemicalCode, chemicalCode is null ? null : FieldParser.Text(csv, c.ChemicalName),
            null, null, null, null, null, null, null, null));
        return text;
    }

    private static InvalidOperationException NotRead() =>
        new("Enumerate Read() to the end first: the month, totals, practices and BNF names are known only after the whole file is read.");
}
