using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Core;
using RxAtlas.SampleData;
using RxAtlas.Sources;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Postgres;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas demo</c>: generate a year of sample data, load it into a fresh embedded warehouse, and serve the map.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Option<string>("--dir") { Description = "Where the demo's files and warehouse go.", DefaultValueFactory = _ => Path.Combine("data", "demo") };
        var rows = new Option<long>("--rows") { Description = "Prescribing rows per month.", DefaultValueFactory = _ => 100_000 };
        var noServe = new Option<bool>("--no-serve") { Description = "Build the warehouse and stop, without serving the map." };
        var urls = ServeCommand.Urls();
        var mapStyleUrl = ServeCommand.MapStyleUrl();
        var warehouseOption = new Option<string?>("--warehouse", "-w") { Description = "Load into this warehouse instead of a fresh DuckDB file in --dir (e.g. postgres://user:password@host:port/db; months are replaced, never doubled)." };
        var command = new Command("demo", "Generate a year (2019) of synthetic data, load it (DuckDB by default) and serve the map.") { dir, rows, noServe, urls, mapStyleUrl, warehouseOption };
        command.SetAction(async (parse, ct) =>
        {
            var root = Path.GetFullPath(parse.GetValue(dir)!);
            var files = Path.Combine(root, "files");
            var database = Path.Combine(root, "rxatlas.duckdb");
            var target = parse.GetValue(warehouseOption);
            if (target is null)
            {
                foreach (var stale in new[] { database, database + ".wal" }) if (File.Exists(stale)) File.Delete(stale);
                target = "duckdb:" + database;
            }

            var dataset = await GenerateCommand.GenerateAsync(context, new GeneratorOptions(files, new YearMonth(2019, 1), new YearMonth(2019, 12))
            {
                RowsPerMonth = parse.GetValue(rows),
                Seed = 2019,
            }, ct);
            context.Console.MarkupLine($"1. Generated {dataset.Months.Count} months ({dataset.TotalRows:N0} rows, {dataset.PracticeCount:N0} practices) in [blue]{Markup.Escape(files)}[/]");

            await using var warehouse = await Warehouses.OpenAsync(target, context.Error, ct);
            var outcome = await IngestCommand.IngestAsync(context, warehouse, ReleaseCatalog.Scan([files]), ct);
            context.Console.MarkupLine($"2. Loaded {outcome.Loaded.Count} months into [blue]{Markup.Escape(warehouse.DisplayName)}[/]");
            CheckCommand.PrintSummary(context, await warehouse.CheckAsync(cancellationToken: ct));
            // While the demo serves a DuckDB file it is the file's one writer, so a query has to wait for it to stop.
            var serving = !parse.GetValue(noServe) && outcome.Failed.Count == 0;
            var when = serving && warehouse.Engine == "duckdb" ? " once the server below stops (Ctrl-C)" : "";
            var (hintWarehouse, note) = QueryHintWarehouse(warehouse, target);
            context.Console.MarkupLine($"3. Query it{when}: [grey]rxatlas query --warehouse {Markup.Escape(hintWarehouse)} \"SELECT month, sum(nic) FROM prescribing GROUP BY 1 ORDER BY 1\"[/]");
            if (note is not null) context.Console.MarkupLine($"   [grey]{Markup.Escape(note)}[/]");
            if (outcome.Failed.Count > 0) return 1;
            if (!serving) return 0;
            await WebHost.ServeAsync(context, warehouse, parse.GetValue(urls), parse.GetValue(mapStyleUrl), ct);
            return 0;
        });
        return command;
    }

    /// <summary>The <c>--warehouse</c> value the query hint shows: never the password, but one that works once the placeholder
    /// PASSWORD is replaced (the display name alone leaves the password out, so copying it would fail to log in).</summary>
    internal static (string Warehouse, string? Note) QueryHintWarehouse(IWarehouse warehouse, string target)
    {
        if (warehouse.Engine != WarehouseLocation.Postgres) return (warehouse.DisplayName, null);
        var password = PostgresTarget.ToConnectionString(WarehouseLocation.Parse(target).Target).Password;
        if (string.IsNullOrEmpty(password)) return (warehouse.DisplayName, null);
        const string scheme = "postgres://";
        var name = warehouse.DisplayName;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var withPlaceholder = at < 0
            ? string.Concat(scheme, ":PASSWORD@", name.AsSpan(scheme.Length))
            : string.Concat(name.AsSpan(0, at), ":PASSWORD", name.AsSpan(at));
        return (withPlaceholder, $"PASSWORD stands for the password you gave (not shown); or set {WarehouseLocation.EnvironmentVariable} to your --warehouse value and leave --warehouse out.");
    }
}
