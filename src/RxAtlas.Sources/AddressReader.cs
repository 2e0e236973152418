using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Reads a PDPI-era practice address file (<c>T{YYYYMM}ADDR BNFT.csv</c>): no header; <c>PERIOD, PRACTICE_CODE,
/// NAME, ADDRESS_1, ADDRESS_2, ADDRESS_3, COUNTY, POSTCODE</c>, padded, with or without a trailing comma (8 or 9 fields).</summary>
public sealed class AddressReader
{
    private static readonly string[] Fields = ["PERIOD", "PRACTICE_CODE", "NAME", "ADDRESS_1", "ADDRESS_2", "ADDRESS_3", "COUNTY", "POSTCODE"];
    private static readonly int[] AddressFields = [3, 4, 5, 6];
    private readonly SourceFile _file;
    private readonly YearMonth? _expectedMonth;
    private YearMonth? _month;

    /// <param name="file">The address file.</param>
    /// <param name="expectedMonth">When given, rows for another month are an error.</param>
    public AddressReader(SourceFile file, YearMonth? expectedMonth = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _expectedMonth = expectedMonth;
    }

    public static AddressReader Open(string path) => new(SourceFile.Open(path));

    /// <summary>The month of the rows (known once the first row is read).</summary>
    public YearMonth Month => _month ?? _expectedMonth ?? throw new InvalidOperationException("Read the file first.");

    /// <summary>One practice per row: address = the non-blank address lines and county joined with ", "; postcode normalised.</summary>
    /// <exception cref="DataFormatException">An empty file, a wrong field count, a bad period or practice code, or mixed months.</exception>
    public IEnumerable<PracticeRecord> Read()
    {
        using var csv = _file.OpenCsv();
        var any = false;
        while (csv.Read())
        {
            any = true;
            yield return ParseRow(csv);
        }
        if (!any) throw new DataFormatException(_file.DisplayName, 0, null, "the file is empty; expected practice address rows");
    }

    private PracticeRecord ParseRow(CsvReader csv)
    {
        FieldParser.RequireFieldCount(csv, 8, 9);
        if (csv.FieldCount == 9 && !csv[8].IsEmpty)
        {
            throw new DataFormatException(csv.Name, csv.LineNumber, null, "the ninth field should be empty (a trailing comma)");
        }
        var month = FieldParser.Month(csv, 0, Fields[0]);
        _month ??= month;
        var expected = _expectedMonth ?? _month.Value;
        if (month != expected)
        {
            var why = _expectedMonth is null ? "like the file's first row" : "the month of its release (its name, or the prescribing file it goes with)";
            throw new DataFormatException(csv.Name, csv.LineNumber, Fields[0], $"the row is for {month}; expected {expected}, {why}");
        }
        var code = csv[1];
        FieldParser.RequirePracticeCode(csv, code, Fields[1]);
        return new PracticeRecord(
            code.ToString(),
            FieldParser.Text(csv, 2),
            FieldParser.JoinNonBlank(csv, AddressFields),
            Postcode.Normalise(FieldParser.Text(csv, 7)));
    }
}
