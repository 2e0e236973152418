using System.Globalization;
using RxAtlas.Core;

namespace RxAtlas.Sources.Csv;

/// <summary>Typed reads of the current record's fields that fail with a <see cref="DataFormatException"/> naming the field.</summary>
internal static class FieldParser
{
    /// <summary>An exact scaled decimal; an empty field is zero.</summary>
    public static long Scaled(CsvReader csv, int index, int digits, string field)
    {
        var text = csv[index];
        if (text.IsEmpty) return 0;
        if (FixedPoint.TryParse(text, digits, out var value)) return value;
        throw new DataFormatException(csv.Name, csv.LineNumber, field, ScaledProblem(text, digits));
    }

    /// <summary>Why <paramref name="text"/> is no exact decimal of <paramref name="digits"/> places: too many places (a number
    /// all the same, which is rejected rather than rounded) or not a number at all.</summary>
    private static string ScaledProblem(ReadOnlySpan<char> text, int digits)
    {
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number.Scale > digits)
        {
            return digits == 0
                ? $"'{text}' is not a whole number"
                : $"'{text}' has {number.Scale} decimal places, more than the {digits} this field is exact to (RxAtlas rejects rather than rounds)";
        }
        return digits == 0
            ? $"'{text}' is not a whole number"
            : $"'{text}' is not a number; expected a decimal with at most {digits} decimal places";
    }

    /// <summary>A month spelled <c>YYYYMM</c> or <c>YYYY-MM</c>.</summary>
    public static YearMonth Month(CsvReader csv, int index, string field)
    {
        var text = csv[index];
        return YearMonth.TryParse(text, out var month)
            ? month
            : throw new DataFormatException(csv.Name, csv.LineNumber, field, $"'{text}' is not a month; expected YYYYMM or YYYY-MM");
    }

    /// <summary>A BNF presentation code: 15 (drug) or 11 (appliance) upper-case letters and digits.</summary>
    public static void RequireBnfCode(CsvReader csv, ReadOnlySpan<char> code, string field)
    {
        if (!BnfCode.IsValidPresentation(code))
        {
            throw new DataFormatException(csv.Name, csv.LineNumber, field,
                $"'{code}' is not a BNF presentation code; expected 15 (drug) or 11 (appliance) upper-case letters and digits");
        }
    }

    /// <summary>A practice code: 1–8 upper-case letters and digits, or <c>-</c>.</summary>
    public static void RequirePracticeCode(CsvReader csv, ReadOnlySpan<char> code, string field)
    {
        if (!PracticeCode.IsValid(code))
        {
            throw new DataFormatException(csv.Name, csv.LineNumber, field,
                $"'{code}' is not a practice code; expected 1 to 8 upper-case letters and digits, or '-'");
        }
    }

    /// <summary>Fails unless the record has <paramref name="expected"/> fields (or <paramref name="alsoAllowed"/>).</summary>
    public static void RequireFieldCount(CsvReader csv, int expected, int alsoAllowed = -1)
    {
        var count = csv.FieldCount;
        if (count == expected || count == alsoAllowed) return;
        var what = alsoAllowed >= 0 ? $"{Math.Min(expected, alsoAllowed)} or {Math.Max(expected, alsoAllowed)}" : expected.ToString(CultureInfo.InvariantCulture);
        throw new DataFormatException(csv.Name, csv.LineNumber, null,
            $"the line has {count} fields; expected {what}{(count < expected ? " (a truncated line?)" : "")}");
    }

    /// <summary>A latitude/longitude in decimal degrees; an empty field is null.</summary>
    public static double? Degrees(CsvReader csv, int index, string field)
    {
        var text = csv[index];
        if (text.IsEmpty) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new DataFormatException(csv.Name, csv.LineNumber, field, $"'{text}' is not a coordinate; expected decimal degrees");
    }

    /// <summary>The field as a string (Latin-1, or UTF-8 where the field is valid UTF-8: <see cref="FieldText"/>), or null
    /// when it is empty or just <c>-</c> (EPD's "unknown").</summary>
    public static string? Text(CsvReader csv, int index, StringPool? pool = null)
    {
        if (index < 0) return null;
        var text = csv[index];
        if (text.IsEmpty || text is "-") return null;
        text = FieldText.Decode(text);
        return pool is null ? text.ToString() : pool.Get(text);
    }

    /// <summary>Non-blank fields joined with ", " (address lines), or null when all are blank.</summary>
    public static string? JoinNonBlank(CsvReader csv, ReadOnlySpan<int> indexes)
    {
        List<string>? parts = null;
        foreach (var i in indexes)
        {
            var part = Text(csv, i);
            if (part is not null) (parts ??= []).Add(part);
        }
        return parts is null ? null : string.Join(", ", parts);
    }
}
