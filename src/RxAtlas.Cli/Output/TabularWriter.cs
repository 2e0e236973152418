using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace RxAtlas.Cli.Output;

/// <summary>Writes query results as CSV (RFC 4180, header row), JSON (an array of objects) or a console table.
/// Values keep full precision: exact decimals are written as they are, never through floating point.</summary>
public static class TabularWriter
{
    public static async Task<long> WriteAsync(DbDataReader reader, OutputFormat format, CliContext context, CancellationToken cancellationToken = default) =>
        format switch
        {
            OutputFormat.Csv => await WriteCsvAsync(reader, context.Output, cancellationToken),
            OutputFormat.Json => await WriteJsonAsync(reader, context.Output, cancellationToken),
            _ => await WriteTableAsync(reader, context, cancellationToken),
        };

    public static async Task<long> WriteCsvAsync(DbDataReader reader, TextWriter output, CancellationToken cancellationToken = default)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName);
        await output.WriteLineAsync(string.Join(',', names.Select(Csv.Escape)));
        long rows = 0;
        var line = new StringBuilder();
        while (await reader.ReadAsync(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Csv.Escape(Text(reader, i)));
            }
            await output.WriteLineAsync(line.ToString());
            rows++;
        }
        return rows;
    }

    public static async Task<long> WriteJsonAsync(DbDataReader reader, TextWriter output, CancellationToken cancellationToken = default)
    {
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
                    WriteJsonValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
                }
                json.WriteEndObject();
                rows++;
            }
            json.WriteEndArray();
        }
        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
        return rows;
    }

    private static async Task<long> WriteTableAsync(DbDataReader reader, CliContext context, CancellationToken cancellationToken)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < reader.FieldCount; i++) table.AddColumn(Markup.Escape(reader.GetName(i)));
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            table.AddRow(Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(Text(reader, i))).ToArray());
            rows++;
        }
        context.Console.Write(table);
        context.Console.MarkupLine($"[grey]{rows} row{(rows == 1 ? "" : "s")}[/]");
        return rows;
    }

    /// <summary>The invariant text of a value: dates as ISO, decimals exactly, empty for null.</summary>
    public static string Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "" : Text(reader.GetValue(ordinal));

    public static string Text(object? value) => value switch
    {
        null or DBNull => "",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        decimal m => Canonical(m),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>An exact decimal without trailing zeros (14.50000 → 14.5), so every engine's answer reads the same:
    /// DuckDB and PostgreSQL return the same value at different scales.</summary>
    public static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case decimal m: json.WriteRawValue(Canonical(m)); break;
            case BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }
}
