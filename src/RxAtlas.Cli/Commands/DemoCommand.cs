using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.SampleData;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas demo</c>: generate a year of sample data, load it through the monthly DAG into a fresh embedded
/// warehouse, and serve the map.</summary>
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
            var serve = !parse.GetValue(noServe);
            // Everything that can refuse the demo does so before the long work: a taken port, a warehouse file in use.
            if (serve) ListenAddressCheck.ThrowIfTaken(parse.GetValue(urls));
            if (target is null)
            {
                await ThrowIfInUseAsync(database, ct);
                foreach (var stale in new[] { database, database + ".wal" }) if (File.Exists(stale)) File.Delete(stale);
                target = "duckdb:" + database;
            }
            await using var warehouse = await Warehouses.OpenAsync(target, context.Error, ct);

            var dataset = await GenerateCommand.GenerateAsync(context, new GeneratorOptions(files, First, Last)
            {
                RowsPerMonth = parse.GetValue(rows),
                Seed = 2019,
            }, ct);
            context.Console.MarkupLine($"1. Generated {dataset.Months.Count} months ({dataset.TotalRows:N0} rows, {dataset.PracticeCount:N0} practices) in [blue]{Markup.Escape(files)}[/]");

            var lake = Path.Combine(root, "lake");
            var summary = await RunMonthlyDagAsync(context, warehouse, files, lake, ct);
            var runs = summary.Months.Where(m => m.Status == BackfillStatus.Succeeded).Select(m => m.RunId).ToList();
            context.Console.MarkupLine($"2. Loaded {runs.Count} months into [blue]{Markup.Escape(warehouse.DisplayName)}[/] through the monthly DAG" +
                (runs.Count == 0 ? "" : $" (runs {runs[0]}–{runs[^1]}; lake [blue]{Markup.Escape(lake)}[/])"));
            CheckCommand.PrintSummary(context, await warehouse.CheckAsync(cancellationToken: ct));
            // While the demo serves a DuckDB file it is the file's one writer, so a query has to wait for it to stop.
            var serving = serve && summary.Ok;
            var when = serving && warehouse.Engine == "duckdb" ? " once the server below stops (Ctrl-C)" : "";
            var (hintWarehouse, note) = QueryHintWarehouse(warehouse, target);
            // Plain lines, never wrapped to the console's width: the command is for copying.
            context.Output.WriteLine($"3. Query it{when}: {CommandName.Current()} query --warehouse {hintWarehouse} \"SELECT month, sum(nic) FROM prescribing GROUP BY 1 ORDER BY 1\"");
            if (note is not null) context.Output.WriteLine($"   {note}");
            if (!summary.Ok) return 1;
            if (!serving) return 0;
            await WebHost.ServeAsync(context, warehouse, parse.GetValue(urls), parse.GetValue(mapStyleUrl), ct);
            return 0;
        });
        return command;
    }

    private static readonly YearMonth First = new(2019, 1);
    private static readonly YearMonth Last = new(2019, 12);

    /// <summary>Refuses, changing nothing, when another process has the demo's DuckDB file open (a server, a query): the
    /// demo would otherwise delete a file in use, and that process would go on reading the deleted copy. The same test
    /// every writer makes (<see cref="WarehouseInUseException"/>), made before the file is touched.</summary>
    internal static async Task ThrowIfInUseAsync(string database, CancellationToken ct)
    {
        if (!File.Exists(database)) return;
        await using var probe = new DuckDbWarehouse(database, new DuckDbWarehouseOptions { Migrate = false });
        try
        {
            await probe.SchemaVersionAsync(ct);
        }
        catch (System.Data.Common.DbException)
        {
            // Not a warehouse DuckDB can read (a damaged file): nobody can be using it, and the demo replaces it.
        }
    }

    /// <summary>Loads the generated months as <c>rxatlas backfill --from-dir</c> does: each month a run of the monthly DAG
    /// (copied into the lake, staged, loaded, geocoded, checked, published, recorded in the run history); a line for each
    /// month that did not load.</summary>
    private static async Task<BackfillSummary> RunMonthlyDagAsync(CliContext context, IWarehouse warehouse, string files, string lake, CancellationToken ct)
    {
        await RunRecovery.MarkInterruptedAsync(warehouse.Runs, cancellationToken: ct);
        using var factory = new PipelineFactory();
        var settings = factory.Settings(warehouse, files, "none", context, lake);
        var runner = PipelineFactory.Runner(settings, context, quiet: true);
        return await new Backfill(runner, warehouse).RunAsync(First, Last, new BackfillOptions
        {
            // The files were just generated: load every month, replacing what a PostgreSQL warehouse already holds.
            Force = true,
            Trigger = "demo",
            OnMonthFinished = o =>
            {
                if (o.Status != BackfillStatus.Succeeded) context.Error.WriteLine($"error: {o.Month}: {o.Status}{(o.Error is null ? "" : " — " + o.Error)}");
            },
        }, ct);
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
