using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>The per-row rules of a prescribing file, shared by the sequential <see cref="PrescribingReader"/> and the workers of
/// <see cref="Parallel.ParallelPrescribingReader"/>: field count, one month per file, practice and BNF code validation with
/// a record for each code on first sight (first seen wins), exact measures, and running totals.</summary>
/// <remarks>Codes are given dense local ids (0, 1, 2, … in the order this parser first saw them); each code string and record
/// is created once. No allocation per row.</remarks>
internal sealed class PrescribingRowParser
{
    private readonly PrescribingColumns _columns;
    private readonly YearMonth? _expectedMonth;
    private readonly int _fields;
    private readonly int _alsoAllowed;
    private readonly Dictionary<string, int> _practiceIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _bnfIds = new(StringComparer.Ordinal);
    private readonly List<string> _practiceCodes = [];
    private readonly List<string> _bnfCodes = [];
    private readonly List<PracticeRecord> _practices = [];
    private readonly List<BnfRecord> _bnf = [];
    private YearMonth? _month;
    private char[] _monthText = [];
    private bool _monthTextKnown;
    private bool _checkExpected = true;
    private string _lastPractice = "\0"; // never a code, so the first row always looks up
    private int _lastPracticeId = -1;

    /// <param name="columns">The layout, from the header.</param>
    /// <param name="expectedMonth">When given (e.g. from the file name), a first row of any other month is an error.</param>
    public PrescribingRowParser(PrescribingColumns columns, YearMonth? expectedMonth)
    {
        _columns = columns;
        _expectedMonth = expectedMonth;
        _fields = columns.Header.Count;
        _alsoAllowed = columns.Header.HasTrailingEmpty ? _fields - 1 : -1;
        MonthField = columns.Name(columns.Month);
    }

    /// <summary>The file's layout.</summary>
    public PrescribingColumns Columns => _columns;

    /// <summary>The header name of the month column, for messages.</summary>
    public string MonthField { get; }

    /// <summary>The header's names, in column order.</summary>
    public IReadOnlyList<string> FieldNames => _columns.Header.Names;

    /// <summary>The month of the rows parsed so far (of the block, after <see cref="BeginBlock"/>).</summary>
    public YearMonth? Month => _month;

    /// <summary>The month of the file's first row, or after <see cref="BeginBlock"/> of the block's first row, with its line.</summary>
    public (YearMonth Month, long Line)? FirstMonth { get; private set; }

    public long Rows { get; private set; }

    public long Items { get; private set; }

    public long QuantityMilli { get; private set; }

    public long NicPence { get; private set; }

    public long ActualCostE5 { get; private set; }

    /// <summary>Exact totals of every row parsed.</summary>
    public SourceTotals Totals => new(Rows, Items, QuantityMilli, NicPence, ActualCostE5);

    /// <summary>Practice codes by local id.</summary>
    public IReadOnlyList<string> PracticeCodes => _practiceCodes;

    /// <summary>BNF presentation codes by local id.</summary>
    public IReadOnlyList<string> BnfCodes => _bnfCodes;

    /// <summary>Each practice's record from the row it was first seen on, by local id.</summary>
    public IReadOnlyList<PracticeRecord> Practices => _practices;

    /// <summary>Each presentation's record from the row it was first seen on, by local id.</summary>
    public IReadOnlyList<BnfRecord> Bnf => _bnf;

    /// <summary>Starts a block of rows cut from the middle of a file: the block's first row sets the month the rest of the block
    /// must match (and <see cref="FirstMonth"/>) without the check against the expected month, which is then the caller's job
    /// (<see cref="WrongMonth"/>, <see cref="MixedMonths"/>), as only it knows which block holds the file's first row.
    /// Codes, records and totals carry on.</summary>
    public void BeginBlock()
    {
        _month = null;
        _monthTextKnown = false;
        _checkExpected = false;
        FirstMonth = null;
    }

    /// <summary>Checks and codes the record <paramref name="csv"/> is on, adding it to the totals.</summary>
    /// <exception cref="DataFormatException">A wrong field count, another month, a bad code or a bad measure.</exception>
    public CodedRow Parse(CsvReader csv)
    {
        if (csv.FieldCount != _fields && csv.FieldCount != _alsoAllowed) FieldParser.RequireFieldCount(csv, _fields, _alsoAllowed);
        var c = _columns;
        CheckMonth(csv);
        var practice = PracticeId(csv);
        var bnf = BnfId(csv);
        var row = new CodedRow(
            practice,
            bnf,
            FieldParser.Scaled(csv, c.Items, 0, c.Name(c.Items)),
            FieldParser.Scaled(csv, c.Quantity, Scale.QuantityDigits, c.Name(c.Quantity)),
            FieldParser.Scaled(csv, c.Nic, Scale.NicDigits, c.Name(c.Nic)),
            FieldParser.Scaled(csv, c.ActualCost, Scale.ActualCostDigits, c.Name(c.ActualCost)));
        Count(row);
        return row;
    }

    /// <summary>Adds a coded row to the totals (also for rows the parallel reader's byte-level fast path coded).</summary>
    public void Count(in CodedRow row)
    {
        Rows++;
        Items += row.Items;
        QuantityMilli += row.QuantityMilli;
        NicPence += row.NicPence;
        ActualCostE5 += row.ActualCostE5;
    }

    /// <summary>The month column's text as the rows so far spell it (empty before the first row of a block).</summary>
    public ReadOnlySpan<char> MonthText => _monthTextKnown ? _monthText : [];

    /// <summary>The error for a file whose first row is not of the month its name says.</summary>
    public static DataFormatException WrongMonth(string file, long line, string field, YearMonth month, YearMonth expected) =>
        new(file, line, field, $"the rows are for {month} but the file is named for {expected}");

    /// <summary>The error for a row whose month differs from the month of the rows before it.</summary>
    public static DataFormatException MixedMonths(string file, long line, string field, YearMonth month, YearMonth earlier) =>
        new(file, line, field, $"the file mixes months: this row is {month} but earlier rows are {earlier}; expected one month per file");

    /// <summary>The error for a file with a header and nothing else.</summary>
    public static DataFormatException NoDataRows(string file) => new(file, 0, null, "the file has a header but no data rows");

    private void CheckMonth(CsvReader csv)
    {
        var text = csv[_columns.Month];
        if (_monthTextKnown && text.SequenceEqual(_monthText)) return;
        var month = FieldParser.Month(csv, _columns.Month, MonthField);
        if (_month is null)
        {
            if (_checkExpected && _expectedMonth is { } expected && month != expected)
            {
                throw WrongMonth(csv.Name, csv.LineNumber, MonthField, month, expected);
            }
            _month = month;
            FirstMonth = (month, csv.LineNumber);
        }
        else if (month != _month)
        {
            throw MixedMonths(csv.Name, csv.LineNumber, MonthField, month, _month.Value);
        }
        if (_monthTextKnown) return;
        _monthText = text.ToArray();
        _monthTextKnown = true;
    }

    private int PracticeId(CsvReader csv)
    {
        var c = _columns;
        var code = csv[c.Practice];
        if (code.SequenceEqual(_lastPractice)) return _lastPracticeId;
        if (!_practiceIds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out var id))
        {
            FieldParser.RequirePracticeCode(csv, code, c.Name(c.Practice));
            var text = code.ToString();
            _practices.Add(!c.IsEpd
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
                    FieldParser.Text(csv, c.SubIcbName)));
            id = _practiceCodes.Count;
            _practiceCodes.Add(text);
            _practiceIds.Add(text, id);
        }
        _lastPractice = _practiceCodes[id];
        _lastPracticeId = id;
        return id;
    }

    private int BnfId(CsvReader csv)
    {
        var c = _columns;
        var code = csv[c.Bnf];
        if (_bnfIds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(code, out var id)) return id;
        FieldParser.RequireBnfCode(csv, code, c.Name(c.Bnf));
        var text = code.ToString();
        var chemicalCode = FieldParser.Text(csv, c.ChemicalCode);
        _bnf.Add(new BnfRecord(
            text, FieldParser.Text(csv, c.BnfName),
            null, null,
            chemicalCode, chemicalCode is null ? null : FieldParser.Text(csv, c.ChemicalName),
            null, null, null, null, null, null, null, null));
        id = _bnfCodes.Count;
        _bnfCodes.Add(text);
        _bnfIds.Add(text, id);
        return id;
    }
}
