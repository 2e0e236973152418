namespace RxAtlas.Cli.Output;

/// <summary>RFC 4180 field quoting.</summary>
public static class Csv
{
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
