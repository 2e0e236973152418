using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Cli.Output;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas query "SQL"</c>: read-only SQL over the documented views, as a table, CSV or JSON.</summary>
internal static class QueryCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var format = CommonOptions.Format(OutputFormat.Table);
        var readOnly = CommonOptions.ReadOnly();
        var sql = new Argument<string>("sql") { Description = "A SELECT over the views prescribing, practices and bnf (or any table)." };
        var command = new Command("query", "Run read-only SQL against the warehouse.") { warehouse, format, readOnly, sql };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), parse.GetValue(readOnly), cancellationToken: ct);
            await w.QueryAsync(parse.GetValue(sql)!, reader => TabularWriter.WriteAsync(reader, parse.GetValue(format), context, ct), ct);
            return 0;
        });
        return command;
    }
}
