using System.CommandLine;
using System.Text.RegularExpressions;
using RxAtlas.Cli.Hosting;
using RxAtlas.Cli.Output;
using RxAtlas.Warehouse;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas query "SQL"</c>: read-only SQL over the documented views, as a table, CSV or JSON.</summary>
internal static partial class QueryCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var format = CommonOptions.Format(OutputFormat.Table);
        var readOnly = CommonOptions.ReadOnly();
        var sql = new Argument<string>("sql") { Description = "A SELECT over the views prescribing, practices and bnf (or any table); DuckDB also takes DESCRIBE, SHOW and SUMMARIZE." };
        var command = new Command("query", "Run read-only SQL against the warehouse.") { warehouse, format, readOnly, sql };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(sql)!;
            await using var w = await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), parse.GetValue(readOnly), cancellationToken: ct);
            try
            {
                var scales = await DuckDbScalesAsync(w, text, ct);
                await w.QueryAsync(text, reader => TabularWriter.WriteAsync(reader, parse.GetValue(format), context, ct, scales), ct);
            }
            catch (ArgumentException refused) when (ColumnsHint(text) is { } hint)
            {
                var message = CliErrors.Describe(refused);
                throw new ArgumentException($"{message}{(message.EndsWith('.') || message.EndsWith('!') ? "" : ".")} {hint}", refused);
            }
            return 0;
        });
        return command;
    }

    /// <summary>On DuckDB, each result column's decimal scale (from <c>DESCRIBE</c> of the query; DuckDB.NET's reader gives
    /// decimals without their column's scale, so a DECIMAL(38,2) sum of 6680.50 would print 6680.5); null on PostgreSQL,
    /// whose driver says, or when the query cannot be described (the query itself then reports why).</summary>
    private static async Task<IReadOnlyList<int?>?> DuckDbScalesAsync(IWarehouse warehouse, string sql, CancellationToken ct)
    {
        if (warehouse.Engine != WarehouseLocation.DuckDb || ColumnsHint(sql) is not null) return null;
        var scales = new List<int?>();
        try
        {
            await warehouse.QueryAsync("DESCRIBE " + sql.Trim().TrimEnd(';'), async reader =>
            {
                while (await reader.ReadAsync(ct)) scales.Add(TabularWriter.ScaleOf(reader.GetString(1)));
            }, ct);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
        return scales;
    }

    /// <summary>For a refused statement that asks for a table's columns (<c>DESCRIBE t</c>, <c>SHOW COLUMNS FROM t</c>,
    /// <c>PRAGMA table_info('t')</c>, psql's <c>\d t</c>), the SELECT that answers it on every engine; null otherwise.</summary>
    internal static string? ColumnsHint(string sql)
    {
        var match = DescribeLike().Match(sql);
        if (!match.Success) return null;
        var table = match.Groups["table"].Success ? match.Groups["table"].Value.ToLowerInvariant() : "";
        if (table is "" or "tables" or "all") table = "prescribing";
        return $"To list a table's columns: SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position";
    }

    [GeneratedRegex(@"^\s*(DESCRIBE|DESC|SHOW|PRAGMA|\\d\+?)\b(\s+(COLUMNS\s+FROM\s+|table_info\s*\(\s*)?['""]?(?<table>[A-Za-z_][A-Za-z0-9_]*))?", RegexOptions.IgnoreCase)]
    private static partial Regex DescribeLike();
}
