using System.CommandLine;
using RxAtlas.Acquisition;
using RxAtlas.Cli.Output;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas fetch</c>: download releases into the lake's raw zone, exactly as published, with checksums.</summary>
internal static class FetchCommand
{
    public static Command Create(CliContext context)
    {
        var selection = new AcquisitionSelection();
        var command = new Command("fetch", "Download releases from NHSBSA, NHS Digital and ODS into the lake (resumable, verified).");
        selection.AddTo(command);
        var verify = new Option<bool>("--verify") { Description = "Hash each lake file of the selected months and sources against its manifest; a mismatch is reported and the file downloaded again." };
        command.Options.Add(verify);
        command.SetAction(async (parse, ct) =>
        {
            var range = selection.Range(parse) ?? throw new ArgumentException("Give --month YYYY-MM or --from YYYY-MM [--to YYYY-MM].");
            using var catalog = SourceCatalog.Create(AcquisitionOptions.Load(), line => context.Error.WriteLine(line));
            catalog.VerifyLake = parse.GetValue(verify);
            var report = await DownloadBars.RunAsync(context, progress => catalog.FetchAsync(range, selection.Sources(parse), progress, ct));
            Print(context, report);
            return report.Succeeded ? 0 : 1;
        });
        return command;
    }

    internal static void Print(CliContext context, FetchReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("source", "period", "file", "status", "sha-256");
        foreach (var f in report.Files)
        {
            var status = f.Status switch
            {
                FetchStatus.Failed => $"[red]failed[/] {Markup.Escape(f.Error ?? "")}",
                FetchStatus.Changed => "[yellow]changed (reload)[/]",
                FetchStatus.New => "[green]new[/]",
                _ => f.Status.ToString().ToLowerInvariant(),
            };
            table.AddRow(f.Source.ToString().ToLowerInvariant(), f.Period, Markup.Escape(f.FileName), status, f.Entry?.Sha256[..12] ?? "");
        }
        context.Console.Write(table);
        foreach (var note in report.Notes) context.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        foreach (var entry in report.Withdrawn)
        {
            context.Console.MarkupLine($"[yellow]withdrawn upstream:[/] {Markup.Escape(entry.RelativePath)} — the publisher no longer lists it; "
                + "it stays in the lake and is still loaded until you retire it (see src/RxAtlas.Acquisition/README.md).");
        }
        context.Console.MarkupLine($"{report.New.Count} new, {report.Changed.Count} changed, {report.Unchanged.Count} unchanged, {report.Failed.Count} failed"
            + (report.Withdrawn.Count > 0 ? $", {report.Withdrawn.Count} withdrawn upstream" : ""));
    }
}
