using System.CommandLine;
using RxAtlas.Acquisition;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas sources</c>: what is published upstream against what the lake holds; exit code 1 when a source's
/// upstream could not be listed or a lake file is withdrawn upstream (no longer listed by the publisher).</summary>
internal static class SourcesCommand
{
    public static Command Create(CliContext context)
    {
        var selection = new AcquisitionSelection();
        var command = new Command("sources", "List what is available upstream versus in the lake.");
        selection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var catalog = SourceCatalog.Create(AcquisitionOptions.Load(), line => context.Error.WriteLine(line));
            var listing = await catalog.ListAsync(selection.Sources(parse), selection.Range(parse), ct);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("source", "period", "slot", "upstream", "lake", "state");
            foreach (var f in listing.Files)
            {
                table.AddRow(f.Source.ToString().ToLowerInvariant(), f.Period, f.Slot,
                    Markup.Escape(f.Upstream?.FileName ?? "—"), Markup.Escape(f.Lake?.FileName ?? "—"),
                    f.State switch
                    {
                        Availability.WithdrawnUpstream => "[yellow]withdrawn upstream[/]",
                        Availability.SupersededUpstream => "[grey]superseded (year's file)[/]",
                        _ => f.State.ToString(),
                    });
            }
            context.Console.Write(table);
            foreach (var note in listing.Notes) context.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            var withdrawn = listing.Files.Where(f => f.State == Availability.WithdrawnUpstream).ToList();
            foreach (var f in withdrawn)
            {
                context.Console.MarkupLine($"[yellow]withdrawn upstream:[/] {Markup.Escape(f.Lake!.RelativePath)} — the publisher no longer lists it; "
                    + "it stays in the lake and is still loaded until you retire it (see src/RxAtlas.Acquisition/README.md).");
            }
            // Exit 1 asks for attention: the question asked, what is upstream, went unanswered for a source (its lake side is
            // still shown), or the publisher has withdrawn a file the lake still holds and the pipeline still reads.
            return listing.Unlisted.Count == 0 && withdrawn.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
