using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RxAtlas.Web.Api;

/// <summary>One CSV column: its header and how to write a row's cell.</summary>
internal sealed record CsvColumn<T>(string Header, Func<T, object?> Value);

/// <summary>RFC 4180 CSV with a header row, invariant culture, UTF-8 (no BOM), CRLF line ends.</summary>
internal static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Write<T>(IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(c => Escape(c.Header))).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', columns.Select(c => Cell(c.Value(row)))).Append("\r\n");
        }
        return text.ToString();
    }

    public static FileContentHttpResult File<T>(IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(Write(rows, columns)), ContentType, fileName);

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => Escape(Defused(s)),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Escape(Defused(value.ToString() ?? "")),
    };

    /// <summary>Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection; the characters OWASP
    /// lists). Only text cells: numbers, negative ones included, are written as they are. Text that cannot be a formula keeps
    /// its first character too: a lone <c>-</c> or <c>+</c> (EPD's code for unidentified prescribers is <c>-</c>) and a plain
    /// number such as <c>-12.5</c> or <c>+3</c>, which a spreadsheet reads as that number.</summary>
    internal static string Defused(string s) =>
        s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !CannotBeFormula(s) ? "'" + s : s;

    /// <summary>A lone sign, or a plain decimal number with an optional sign, point and exponent (digits only otherwise).</summary>
    private static bool CannotBeFormula(string s)
    {
        if (s is "-" or "+") return true;
        if (s[0] is not ('-' or '+')) return false;
        var i = 1;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.') { i++; while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; } }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+') i++;
            var exponent = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exponent++; }
            if (exponent == 0) return false;
        }
        return i == s.Length;
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}

/// <summary>Marks an endpoint that answers <see cref="Csv.ContentType"/> with <c>format=csv</c>, with the CSV's header row
/// (the OpenAPI document declares it beside the JSON 200).</summary>
internal sealed record CsvRepresentationMetadata(IReadOnlyList<string> Headers)
{
    public static CsvRepresentationMetadata Of<T>(IReadOnlyList<CsvColumn<T>> columns) => new([.. columns.Select(c => c.Header)]);
}
