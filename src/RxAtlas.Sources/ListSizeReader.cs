using System.Globalization;
using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Reads practice totals from NHS Digital "Patients Registered at a GP Practice" files: <c>gp-reg-pat-prac-all</c>
/// (<c>CODE</c>, <c>SEX</c>, <c>AGE</c>) or the quinary-age file (<c>ORG_CODE</c>, <c>ORG_TYPE</c>, <c>SEX</c>, <c>AGE_GROUP_5</c>),
/// keeping rows with SEX = ALL, age ALL and (where typed) a GP practice. Columns are found by name.</summary>
public static class ListSizeReader
{
    private static readonly string[] DateFormats = ["ddMMMyyyy", "dd-MMM-yy", "dd-MMM-yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "dd/MM/yy", "yyyyMMdd"];

    /// <summary>Reads the practice totals of <paramref name="path"/> (a CSV, .csv.gz, or a zip holding one).</summary>
    /// <param name="path">The file.</param>
    /// <param name="month">The publication month; when null it is read from each row's <c>EXTRACT_DATE</c>.</param>
    /// <exception cref="DataFormatException">A missing column, a bad count or date, or a practice listed twice.</exception>
    public static IReadOnlyList<PracticeListSize> Read(string path, YearMonth? month = null) => Read(SourceFile.Open(path), month);

    /// <inheritdoc cref="Read(string, YearMonth?)"/>
    public static IReadOnlyList<PracticeListSize> Read(SourceFile file, YearMonth? month = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = file.DisplayName;
        using var csv = file.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(name, 1, null, "the file is empty; expected a header row.");
        var header = new CsvHeader(csv);
        var code = header.Find("CODE", "ORG_CODE", "PRACTICE_CODE");
        if (code < 0) throw new DataFormatException(name, header.Line, "CODE", $"the header has no CODE, ORG_CODE or PRACTICE_CODE column; found {header.Describe()}.");
        var patients = header.Require(name, "NUMBER_OF_PATIENTS");
        var sex = header.Find("SEX");
        var age = header.Find("AGE", "AGE_GROUP_5");
        var type = header.Find("ORG_TYPE", "TYPE");
        var extract = header.Find("EXTRACT_DATE");
        if (month is null && extract < 0) throw new DataFormatException(name, header.Line, "EXTRACT_DATE", "no month given and no EXTRACT_DATE column to read it from.");

        // Every column the reader uses must be on every row: a short row is a truncated line, never a row to skip.
        var used = new[] { (code, "CODE"), (patients, "NUMBER_OF_PATIENTS"), (sex, "SEX"), (age, "AGE"), (type, "TYPE"), (extract, "EXTRACT_DATE") }
            .Where(c => c.Item1 >= 0).MaxBy(c => c.Item1);
        var result = new List<PracticeListSize>();
        var seen = new HashSet<(string, YearMonth)>();
        while (csv.Read())
        {
            if (csv.IsBlankRecord) continue;
            if (csv.FieldCount <= used.Item1)
            {
                throw new DataFormatException(name, csv.LineNumber, used.Item2,
                    $"the row has {csv.FieldCount} fields and stops before {used.Item2} (field {used.Item1 + 1}): a truncated line?");
            }
            if (!IsAll(csv, sex) || !IsAll(csv, age)) continue;
            if (type >= 0 && type < csv.FieldCount && !csv[type].Equals("GP", StringComparison.OrdinalIgnoreCase)) continue;
            var practice = Field(csv, code, name, "CODE").ToUpperInvariant();
            if (!PracticeCode.IsValid(practice)) throw new DataFormatException(name, csv.LineNumber, "CODE", $"'{practice}' is not a practice code.");
            var countText = Field(csv, patients, name, "NUMBER_OF_PATIENTS");
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new DataFormatException(name, csv.LineNumber, "NUMBER_OF_PATIENTS", $"'{countText}' is not a whole number of patients.");
            }
            var rowMonth = month ?? ParseExtractDate(Field(csv, extract, name, "EXTRACT_DATE"), name, csv.LineNumber);
            if (!seen.Add((practice, rowMonth))) throw new DataFormatException(name, csv.LineNumber, "CODE", $"practice {practice} is listed twice for {rowMonth}.");
            result.Add(new PracticeListSize(practice, rowMonth, count));
        }
        return result;
    }

    /// <summary>Parses <c>01SEP2017</c>, <c>01-Apr-17</c>, <c>2017-09-01</c> and similar into the month.</summary>
    /// <exception cref="DataFormatException">Not a date in any published spelling.</exception>
    public static YearMonth ParseExtractDate(string text, string file = "", long line = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = text.Trim();
        if (normalised.Length == 9 && char.IsAsciiDigit(normalised[0])) normalised = normalised[..2] + char.ToUpperInvariant(normalised[2]) + normalised[3..5].ToLowerInvariant() + normalised[5..];
        return DateTime.TryParseExact(normalised, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new YearMonth(date.Year, date.Month)
            : throw new DataFormatException(file, line, "EXTRACT_DATE", $"'{text}' is not a date; expected e.g. 01SEP2017 or 01-Apr-17.");
    }

    private static bool IsAll(CsvReader csv, int column) =>
        column < 0 || (column < csv.FieldCount && csv[column].Equals("ALL", StringComparison.OrdinalIgnoreCase));

    private static string Field(CsvReader csv, int column, string file, string name) =>
        column < csv.FieldCount
            ? csv.GetString(column)
            : throw new DataFormatException(file, csv.LineNumber, name, $"the row has {csv.FieldCount} fields; expected at least {column + 1}.");
}
