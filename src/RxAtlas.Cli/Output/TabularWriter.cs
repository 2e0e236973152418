using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace RxAtlas.Cli.Output;

/// <summary>Writes query results as CSV (RFC 4180, header row), JSON (an array of objects) or a console table.
/// Values keep full precision: exact decimals are written as they are, never through floating point, with their column's
/// scale (a <c>DECIMAL(18,2)</c> 1.5 is <c>1.50</c>, as the web API prints it). Arrays, lists and
/// structs are written as JSON (<c>[1,2,3]</c>), binary values as hex (<c>\x0aff</c>).</summary>
public static partial class TabularWriter
{
    /// <param name="scales">Each column's decimal scale, when the caller knows them and the driver does not say (DuckDB.NET
    /// reports none); null or a list of another length leaves them to the driver's column schema.</param>
    public static async Task<long> WriteAsync(DbDataReader reader, OutputFormat format, CliContext context, CancellationToken cancellationToken = default,
        IReadOnlyList<int?>? scales = null) =>
        format switch
        {
            OutputFormat.Csv => await WriteCsvAsync(reader, context.Output, cancellationToken, scales),
            OutputFormat.Json => await WriteJsonAsync(reader, context.Output, cancellationToken, scales),
            _ => await WriteTableAsync(reader, context, cancellationToken, scales),
        };

    public static async Task<long> WriteCsvAsync(DbDataReader reader, TextWriter output, CancellationToken cancellationToken = default,
        IReadOnlyList<int?>? knownScales = null)
    {
        EnsureReadable(reader);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName);
        var scales = Scales(reader, knownScales);
        await output.WriteLineAsync(string.Join(',', names.Select(Csv.Escape)));
        long rows = 0;
        var line = new StringBuilder();
        while (await reader.ReadAsync(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Csv.Escape(Text(reader, i, scales)));
            }
            await output.WriteLineAsync(line.ToString());
            rows++;
        }
        return rows;
    }

    public static async Task<long> WriteJsonAsync(DbDataReader reader, TextWriter output, CancellationToken cancellationToken = default,
        IReadOnlyList<int?>? knownScales = null)
    {
        EnsureReadable(reader);
        var scales = Scales(reader, knownScales);
        using var buffer = new MemoryStream();
        long rows = 0;
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            while (await reader.ReadAsync(cancellationToken))
            {
                json.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    json.WritePropertyName(reader.GetName(i));
                    WriteJsonValue(json, AtScale(Value(reader, i), scales[i]));
                }
                json.WriteEndObject();
                rows++;
            }
            json.WriteEndArray();
        }
        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
        return rows;
    }

    /// <summary>The most rows a console table shows: a table is for reading, and laying out millions of rows took minutes.
    /// CSV and JSON write every row.</summary>
    public const int TableRowLimit = 1_000;

    /// <summary>The scale of a SQL type name such as <c>DECIMAL(18,2)</c> or <c>NUMERIC(38, 5)</c>; null for any other type.</summary>
    public static int? ScaleOf(string typeName)
    {
        var match = DecimalType().Match(typeName);
        return match.Success && int.TryParse(match.Groups["scale"].Value, CultureInfo.InvariantCulture, out var scale) && scale <= 28 ? scale : null;
    }

    [GeneratedRegex(@"^\s*(DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(?<scale>\d+)\s*\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DecimalType();

    private static async Task<long> WriteTableAsync(DbDataReader reader, CliContext context, CancellationToken cancellationToken,
        IReadOnlyList<int?>? knownScales)
    {
        EnsureReadable(reader);
        var table = new Table().Border(TableBorder.Rounded);
        var scales = Scales(reader, knownScales);
        for (var i = 0; i < reader.FieldCount; i++) table.AddColumn(Markup.Escape(reader.GetName(i)));
        long rows = 0;
        var more = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (rows == TableRowLimit)
            {
                more = true; // stop reading: the rest is neither shown nor counted
                break;
            }
            table.AddRow(Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(Text(reader, i, scales))).ToArray());
            rows++;
        }
        context.Console.Write(table);
        context.Console.MarkupLine(more
            ? $"[grey]the first {TableRowLimit:N0} rows; the query returns more: use --format csv or json for all of them, or add LIMIT[/]"
            : $"[grey]{rows} row{(rows == 1 ? "" : "s")}[/]");
        return rows;
    }

    /// <summary>The invariant text of a value: dates as ISO, decimals exactly, empty for null.</summary>
    public static string Text(DbDataReader reader, int ordinal) => Text(Value(reader, ordinal));

    private static string Text(DbDataReader reader, int ordinal, IReadOnlyList<int?> scales) =>
        Text(AtScale(Value(reader, ordinal), scales[ordinal]));

    /// <summary>Each column's decimal scale (<c>DECIMAL(18,2)</c> → 2): <paramref name="known"/> when it covers every
    /// column, else where the driver reports one; null for the others.</summary>
    private static int?[] Scales(DbDataReader reader, IReadOnlyList<int?>? known)
    {
        if (known is not null && known.Count == reader.FieldCount) return [.. known];
        var scales = new int?[reader.FieldCount];
        if (!reader.CanGetColumnSchema()) return scales;
        try
        {
            foreach (var column in reader.GetColumnSchema())
            {
                if (column.ColumnOrdinal is { } ordinal && ordinal < scales.Length && column.NumericScale is { } scale and >= 0 and <= 28
                    && column.DataType == typeof(decimal))
                {
                    scales[ordinal] = scale;
                }
            }
        }
        catch (NotSupportedException)
        {
        }
        return scales;
    }

    /// <summary>A decimal with its column's scale (1.5 in a <c>DECIMAL(18,2)</c> column → 1.50), as the web API prints money;
    /// other values as they are. Without a column scale a decimal keeps the scale the engine gave it.</summary>
    private static object? AtScale(object? value, int? scale) =>
        value is decimal m && scale is { } digits && m.Scale != digits && Math.Round(m, digits) == m
            ? decimal.Parse(m.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value;

    /// <summary>A column's value, or null. A type the driver cannot read (PostgreSQL's regclass, say) is a clean error naming
    /// the column and suggesting a cast, never a stack trace.</summary>
    private static object? Value(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        }
        catch (InvalidCastException e)
        {
            throw Unreadable(reader, ordinal, e);
        }
    }

    /// <summary>Fails before anything is written when a column has a type the driver cannot read.</summary>
    private static void EnsureReadable(DbDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            try
            {
                _ = reader.GetFieldType(i);
            }
            catch (InvalidCastException e)
            {
                throw Unreadable(reader, i, e);
            }
        }
    }

    private static InvalidOperationException Unreadable(DbDataReader reader, int ordinal, InvalidCastException inner)
    {
        var name = reader.GetName(ordinal);
        var type = reader.GetDataTypeName(ordinal);
        return new InvalidOperationException(
            $"Column '{name}' has type {type}, which cannot be read as a value; cast it to text in the query, e.g. {name}::text.", inner);
    }

    public static string Text(object? value) => value switch
    {
        null or DBNull => "",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        string s => s,
        bool b => b ? "true" : "false",
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        byte[] bytes => Hex(bytes),
        Stream stream => Hex(Bytes(stream)),
        IEnumerable => CompactJson(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Hex(byte[] bytes) => "\\x" + Convert.ToHexStringLower(bytes);

    private static byte[] Bytes(Stream stream)
    {
        if (stream.CanSeek) stream.Position = 0;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>An array, list, struct or map as one line of JSON: <c>[1,2,3]</c>, <c>{"k":1}</c>.</summary>
    private static string CompactJson(object value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJsonValue(json, value);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case decimal m: json.WriteRawValue(m.ToString(CultureInfo.InvariantCulture)); break;
            case BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case sbyte or byte or short or ushort or int or uint or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case string s: json.WriteStringValue(s); break;
            case byte[] or Stream: json.WriteStringValue(Text(value)); break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Text(entry.Key));
                    WriteJsonValue(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case Array { Rank: > 1 } grid: WriteDimension(json, grid, 0, new int[grid.Rank]); break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items) WriteJsonValue(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }
    /// <summary>A multidimensional array (PostgreSQL's <c>int[][]</c>) as nested JSON arrays.</summary>
    private static void WriteDimension(Utf8JsonWriter json, Array grid, int dimension, int[] index)
    {
        json.WriteStartArray();
        for (var i = grid.GetLowerBound(dimension); i <= grid.GetUpperBound(dimension); i++)
        {
            index[dimension] = i;
            if (dimension == grid.Rank - 1) WriteJsonValue(json, grid.GetValue(index));
            else WriteDimension(json, grid, dimension + 1, index);
        }
        json.WriteEndArray();
    }
}
