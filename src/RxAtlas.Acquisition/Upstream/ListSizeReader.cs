using System.Globalization;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>A practice's registered patients in a month.</summary>
public sealed record PracticeListSize(string PracticeCode, YearMonth Month, int Patients);

/// <summary>Reads practice totals from NHS Digital "Patients Registered at a GP Practice" files: <c>gp-reg-pat-prac-all</c>
/// (<c>CODE</c>, <c>SEX</c>, <c>AGE</c>) or the quinary-age file (<c>ORG_CODE</c>, <c>ORG_TYPE</c>, <c>SEX</c>, <c>AGE_GROUP_5</c>),
/// keeping rows with SEX = ALL, age ALL and (where typed) a GP practice. Columns are found by name.</summary>
public static class ListSizeReader
{
    private static readonly string[] DateFormats = ["ddMMMyyyy", "dd-MMM-yy", "dd-MMM-yyyy", "yyyy-MM-dd", "dd/MM/yyyy", "dd/MM/yy", "yyyyMMdd"];

    /// <summary>Reads the practice totals of <paramref name="path"/> (a CSV, or a zip holding one).</summary>
    /// <param name="month">The publication month; when null it is read from each row's <c>EXTRACT_DATE</c>.</param>
    /// <exception cref="DataFormatException">A missing column, a bad count or date, or a practice listed twice.</exception>
    public static IReadOnlyList<PracticeListSize> Read(string path, YearMonth? month = null)
    {
        var (reader, name) = CsvLine.Open(path);
        using (reader)
        {
            var headerLine = reader.ReadLine() ?? throw new DataFormatException(name, 1, null, "the file is empty; expected a header row.");
            var header = CsvLine.Header(headerLine);
            var code = Column(header, name, "CODE", "ORG_CODE", "PRACTICE_CODE");
            var patients = Column(header, name, "NUMBER_OF_PATIENTS");
            var sex = Optional(header, "SEX");
            var age = Optional(header, "AGE", "AGE_GROUP_5");
            var type = Optional(header, "ORG_TYPE", "TYPE");
            var extract = Optional(header, "EXTRACT_DATE");
            if (month is null && extract is null) throw new DataFormatException(name, 1, "EXTRACT_DATE", "no month given and no EXTRACT_DATE column to read it from.");

            var result = new List<PracticeListSize>();
            var seen = new HashSet<(string, YearMonth)>();
            long lineNumber = 1;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var fields = CsvLine.Split(line);
                if (!IsAll(fields, sex) || !IsAll(fields, age)) continue;
                if (type is { } t && t < fields.Count && !fields[t].Equals("GP", StringComparison.OrdinalIgnoreCase)) continue;
                var practice = Field(fields, code, name, lineNumber, "CODE");
                if (!PracticeCode.IsValid(practice)) throw new DataFormatException(name, lineNumber, "CODE", $"'{practice}' is not a practice code.");
                var countText = Field(fields, patients, name, lineNumber, "NUMBER_OF_PATIENTS");
                if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    throw new DataFormatException(name, lineNumber, "NUMBER_OF_PATIENTS", $"'{countText}' is not a whole number of patients.");
                }
                var rowMonth = month ?? ParseExtractDate(Field(fields, extract!.Value, name, lineNumber, "EXTRACT_DATE"), name, lineNumber);
                if (!seen.Add((practice, rowMonth))) throw new DataFormatException(name, lineNumber, "CODE", $"practice {practice} is listed twice for {rowMonth}.");
                result.Add(new PracticeListSize(practice, rowMonth, count));
            }
            return result;
        }
    }

    /// <summary>Parses <c>01SEP2017</c>, <c>01-Apr-17</c>, <c>2017-09-01</c> and similar into the month.</summary>
    public static YearMonth ParseExtractDate(string text, string file = "", long line = 0)
    {
        var normalised = text.Trim();
        if (normalised.Length == 9 && char.IsAsciiDigit(normalised[0])) normalised = normalised[..2] + char.ToUpperInvariant(normalised[2]) + normalised[3..5].ToLowerInvariant() + normalised[5..];
        return DateTime.TryParseExact(normalised, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new YearMonth(date.Year, date.Month)
            : throw new DataFormatException(file, line, "EXTRACT_DATE", $"'{text}' is not a date; expected e.g. 01SEP2017 or 01-Apr-17.");
    }

    private static bool IsAll(List<string> fields, int? column) =>
        column is not { } c || (c < fields.Count && fields[c].Equals("ALL", StringComparison.OrdinalIgnoreCase));

    private static string Field(List<string> fields, int column, string file, long line, string name) =>
        column < fields.Count ? fields[column] : throw new DataFormatException(file, line, name, $"the row has {fields.Count} fields; expected at least {column + 1}.");

    private static int Column(Dictionary<string, int> header, string file, params string[] names) =>
        Optional(header, names) ?? throw new DataFormatException(file, 1, names[0], $"no {string.Join(" or ", names)} column in the header.");

    private static int? Optional(Dictionary<string, int> header, params string[] names)
    {
        foreach (var n in names) if (header.TryGetValue(n, out var i)) return i;
        return null;
    }
}
