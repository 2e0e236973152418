using System.CommandLine;
using System.Globalization;
using RxAtlas.Cli.Hosting;
using RxAtlas.Cli.Output;
using RxAtlas.Core;
using RxAtlas.Sources;
using RxAtlas.Warehouse;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas ingest PATH…</c>: detect every file's layout, group by month, load each month atomically, publish.</summary>
internal static class IngestCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (searched recursively): .csv, .csv.gz or .zip in any published layout.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Load prescribing, address, BNF, postcode, ODS and GP list-size files into the warehouse.") { warehouse, paths };
        command.SetAction(async (parse, ct) =>
        {
            var set = ReleaseCatalog.Scan(parse.GetValue(paths)!);
            await using var w = await Warehouses.OpenAsync(parse.GetValue(warehouse), context.Error, ct);
            var outcome = await IngestAsync(context, w, set, ct);
            return outcome.Failed.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>What an ingest did: months loaded and months refused (with why).</summary>
    internal sealed record Outcome(IReadOnlyList<LoadReport> Loaded, IReadOnlyList<(YearMonth Month, string Error)> Failed);

    /// <summary>Loads reference data, then each month (a failing month is reported and the rest carry on), then publishes.</summary>
    internal static async Task<Outcome> IngestAsync(CliContext context, IWarehouse warehouse, ReleaseSet set, CancellationToken ct)
    {
        var listSizeNote = set.ListSizeFiles.Count > 0 ? $", {set.ListSizeFiles.Count} list-size file(s)" : "";
        context.Console.MarkupLine($"Warehouse [blue]{Markup.Escape(warehouse.DisplayName)}[/]: {set.Months.Count} month(s), {set.ReferenceFiles.Count} reference file(s){listSizeNote}");
        foreach (var ignored in set.Ignored) await context.Error.WriteLineAsync($"warning: ignored {ignored}");
        // Read before anything is written, so a malformed list-size file stops the ingest with the file and line named.
        var listSizes = set.ListSizeFiles.Count > 0 ? set.ReadListSizes() : [];
        if (set.ReferenceFiles.Count > 0) await warehouse.UpsertReferenceAsync(set.ReadReference(), ct);
        var loaded = new List<LoadReport>();
        var failed = new List<(YearMonth, string)>();
        foreach (var release in set.Months)
        {
            try
            {
                var report = await LiveStatus.RunAsync(context, $"Loading {release.Month}", progress => warehouse.LoadMonthAsync(release, progress, ct));
                loaded.Add(report);
                var warnings = report.Checks.Count(c => !c.Passed);
                context.Console.MarkupLine($"[green]✓[/] {release.Month}: {report.SourceRows:N0} rows → {report.FactRows:N0} facts, NIC £{FixedPoint.ToDecimal(report.Totals.NicPence, Scale.NicDigits).ToString("N2", CultureInfo.InvariantCulture)}, {report.Checks.Count} checks ({warnings} warning(s)) in {report.Elapsed.TotalSeconds:N1}s");
                if (report.Replaced is { } replaced)
                    context.Console.MarkupLine($"[yellow]![/] {Markup.Escape(replaced.Describe(release.Month, report.Totals))}: the newest load of a month wins");
            }
            catch (Exception ex) when (ex is LoadFailedException or DataFormatException)
            {
                failed.Add((release.Month, CliErrors.Describe(ex)));
                await context.Error.WriteLineAsync($"error: {CliErrors.Describe(ex)}");
            }
        }
        foreach (var month in listSizes)
        {
            var practices = await warehouse.LoadListSizesAsync(month.Month, month.Sizes, ct);
            context.Console.MarkupLine($"[green]✓[/] {month.Month}: list sizes for {practices:N0} practice(s), {month.Sizes.Sum(s => (long)s.Patients):N0} patients");
        }
        if (loaded.Count > 0 || set.ReferenceFiles.Count > 0 || listSizes.Count > 0) await warehouse.PublishAsync(ct);
        context.Console.MarkupLine($"{loaded.Count} month(s) loaded, {failed.Count} failed.");
        return new Outcome(loaded, failed);
    }
}
