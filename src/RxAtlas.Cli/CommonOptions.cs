using System.CommandLine;
using RxAtlas.Core;

namespace RxAtlas.Cli;

/// <summary>Options shared by several commands, each created fresh per command (System.CommandLine symbols have one parent).</summary>
internal static class CommonOptions
{
    public static Option<string?> Warehouse() => new("--warehouse", "-w")
    {
        Description = "duckdb:PATH (default ./data/rxatlas.duckdb), postgres://user:password@host:port/db, or an Npgsql connection string. Default: $RXATLAS_WAREHOUSE.",
    };

    public static Option<bool> ReadOnly() => new("--read-only")
    {
        Description = "Never write: open a DuckDB file read-only, so that several processes (servers, queries) can read it at once " +
            "(none can write it until they stop); on PostgreSQL, needs only SELECT rights.",
    };

    public static Option<OutputFormat> Format(OutputFormat @default) => new("--format")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => @default,
    };

    public static Option<YearMonth?> Month(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = result => result.Tokens.Count == 0 ? null : ParseMonth(result.Tokens[0].Value, result),
    };

    private static YearMonth? ParseMonth(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        if (YearMonth.TryParse(text, null, out var month)) return month;
        result.AddError($"'{text}' is not a month; expected YYYY-MM.");
        return null;
    }
}

/// <summary>How tabular results are written.</summary>
public enum OutputFormat
{
    Table,
    Csv,
    Json,
}
