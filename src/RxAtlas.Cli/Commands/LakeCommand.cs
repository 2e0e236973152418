using System.CommandLine;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas lake verify</c>: every current lake file against its manifest (size, SHA-256, and that a zip archive
/// is whole), offline; exit code 1 when any does not match, as <c>sources</c> asks for attention.</summary>
internal static class LakeCommand
{
    public static Command Create(CliContext context)
    {
        var lake = new Command("lake", "Look after the lake of raw files.");
        lake.Subcommands.Add(Verify(context));
        return lake;
    }

    private static Command Verify(CliContext context)
    {
        var selection = new AcquisitionSelection();
        var command = new Command("verify", "Check every current lake file against its manifest (size, SHA-256, zip archive whole), without " +
                                            "the network; exit 1 naming each file that does not match and how to fetch it again.");
        selection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var range = selection.Range(parse);
            var lake = Lake.FromOptions(AcquisitionOptions.Load());
            if (!Directory.Exists(lake.Root))
            {
                // A mistyped or unset lake path must not pass as a verified lake.
                await context.Error.WriteLineAsync($"error: there is no lake at {lake.Root}: give its folder as Lake:Root in appsettings.json " +
                                                   "or RXATLAS_Lake__Root (the demo's is data/demo/lake).");
                return 1;
            }
            foreach (var repair in lake.Recover()) await context.Error.WriteLineAsync(repair);
            var result = await LakeVerifier.VerifyAsync(lake, selection.Sources(parse), range,
                entry => context.Error.WriteLine($"checking {entry.RelativePath} ({entry.Size:N0} bytes)"), ct);
            foreach (var mismatch in result.Mismatches)
            {
                context.Console.MarkupLine($"[red]MISMATCH[/] {Markup.Escape(mismatch.Entry.RelativePath)} ({mismatch.Check}): expected " +
                                           $"{Markup.Escape(mismatch.Expected)}, found {Markup.Escape(mismatch.Found)}");
                context.Console.MarkupLine($"  {Markup.Escape(Remedy(mismatch.Entry))}");
            }
            foreach (var note in result.Notes) context.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            var scope = range is { } r ? $" for {r}" : "";
            context.Console.MarkupLine(result.Mismatches.Count == 0
                ? $"{result.Checked.Count} current lake file(s){scope} in {Markup.Escape(lake.Root)} match their manifests."
                : $"[red]{result.Mismatches.Count} of {result.Checked.Count}[/] current lake file(s){scope} in {Markup.Escape(lake.Root)} do not match " +
                  "their manifests: fetch each again as shown (the load of its month then runs again).");
            return result.Mismatches.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>How to replace a file that does not match: fetch its slot again with <c>--verify</c> (which replaces a lake file
    /// that does not match its manifest or is not whole), or, for a copy from a folder, copy it again.</summary>
    internal static string Remedy(LakeEntry entry)
    {
        var source = entry.Source.Folder();
        if (!Uri.TryCreate(entry.SourceUrl, UriKind.Absolute, out var url) || url.IsFile)
        {
            var month = YearMonth.TryParse(entry.Period, out var m) ? m.ToString() : "YYYY-MM";
            return $"copied from {entry.SourceUrl}: put a good copy there and run 'rxatlas run --month {month} --from-dir {Path.GetDirectoryName(entry.SourceUrl)}' " +
                   "(it compares the lake's bytes with the folder's and copies them again), or fetch it from the publisher: " +
                   $"'rxatlas fetch --source {source} --month {month} --verify'.";
        }
        var period = YearMonth.TryParse(entry.Period, out var p)
            ? p.ToString()
            : YearMonth.FromDate(DateOnly.FromDateTime(DateTime.UtcNow)).ToString(); // not per month: any month fetches it
        return $"fetch it again: 'rxatlas fetch --source {source} --month {period} --verify' " +
               "(replaces it with the published bytes).";
    }
}
