using System.CommandLine;
using RxAtlas.Cli.Output;
using RxAtlas.Core;
using RxAtlas.SampleData;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas generate</c>: realistic synthetic releases in the real published layouts.</summary>
internal static class GenerateCommand
{
    private static readonly Dictionary<string, SampleFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = SampleFormat.Auto,
        ["pdpi-padded"] = SampleFormat.PdpiPadded,
        ["pdpi-clean"] = SampleFormat.PdpiClean,
        ["epd-retired"] = SampleFormat.EpdRetired,
        ["epd-snomed"] = SampleFormat.EpdSnomed,
        ["epd-snomed-2025"] = SampleFormat.EpdSnomed2025,
    };

    private static readonly Dictionary<string, SampleCompression> Compressions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = SampleCompression.None,
        ["gz"] = SampleCompression.Gzip,
        ["zip"] = SampleCompression.Zip,
    };

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "Output folder (created if missing).", Required = true };
        var from = CommonOptions.Month("--from", "First month (default 2019-01).");
        var to = CommonOptions.Month("--to", "Last month (default: --from + 11 months).");
        var rows = new Option<long>("--rows") { Description = "Approximate prescribing rows per month (a real month is ~9,400,000).", DefaultValueFactory = _ => 50_000 };
        var format = new Option<string>("--format") { Description = "Layout: auto (what was really published for each month), pdpi-padded, pdpi-clean, epd-retired, epd-snomed, epd-snomed-2025.", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var seed = new Option<int>("--seed") { Description = "Same seed, same bytes.", DefaultValueFactory = _ => 1 };
        var compress = new Option<string>("--compress") { Description = "none, gz or zip for the monthly files.", DefaultValueFactory = _ => "none" };
        compress.AcceptOnlyFromAmong([.. Compressions.Keys]);
        var bnfLayout = new Option<BnfCodeFileLayout>("--bnf-layout") { Description = "BNF code file layout: Historic (spaced headers, DUMMY levels) or CurrentYear.", DefaultValueFactory = _ => BnfCodeFileLayout.Historic };

        var command = new Command("generate", "Write synthetic prescribing releases in the real file layouts.") { output, from, to, rows, format, seed, compress, bnfLayout };
        command.SetAction(async (parse, ct) =>
        {
            var first = parse.GetValue(from) ?? new YearMonth(2019, 1);
            var options = new GeneratorOptions(parse.GetValue(output)!, first, parse.GetValue(to) ?? first.AddMonths(11))
            {
                RowsPerMonth = parse.GetValue(rows),
                Format = Formats[parse.GetValue(format)!],
                Seed = parse.GetValue(seed),
                Compression = Compressions[parse.GetValue(compress)!],
                BnfLayout = parse.GetValue(bnfLayout),
            };
            var dataset = await GenerateAsync(context, options, ct);
            context.Console.MarkupLine($"Wrote {dataset.Months.Count} month(s), {dataset.TotalRows:N0} rows, {dataset.PracticeCount:N0} practices to [blue]{Markup.Escape(dataset.OutputDirectory)}[/]");
            return 0;
        });
        return command;
    }

    internal static Task<GeneratedDataset> GenerateAsync(CliContext context, GeneratorOptions options, CancellationToken ct) =>
        LiveStatus.RunAsync(context, "Generating", progress => Task.Run(() => SampleGenerator.Generate(options, progress, ct), ct));
}
