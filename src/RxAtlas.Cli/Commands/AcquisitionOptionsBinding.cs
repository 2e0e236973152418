using System.CommandLine;
using RxAtlas.Acquisition;
using RxAtlas.Core;

namespace RxAtlas.Cli.Commands;

/// <summary>The month selection and source list shared by <c>fetch</c> and <c>sources</c>.</summary>
internal sealed class AcquisitionSelection
{
    public Option<YearMonth?> Month { get; } = CommonOptions.Month("--month", "One month (YYYY-MM).");
    public Option<YearMonth?> From { get; } = CommonOptions.Month("--from", "First month of a range.");
    public Option<YearMonth?> To { get; } = CommonOptions.Month("--to", "Last month of a range (default: --from).");
    public Option<string> Source { get; } = new("--source") { Description = "epd, pdpi, bnf, ods, listsize or all (comma-separated).", DefaultValueFactory = _ => "all" };

    public void AddTo(Command command)
    {
        command.Options.Add(Month);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Source);
    }

    /// <exception cref="ArgumentException">A range that ends before it starts (a usage error).</exception>
    public MonthRange? Range(ParseResult parse)
    {
        if (parse.GetValue(Month) is { } month) return MonthRange.Single(month);
        if (parse.GetValue(From) is not { } from) return null;
        var to = parse.GetValue(To) ?? from;
        if (from > to) throw new ArgumentException($"The range {from}..{to} is empty: --from {from} is after --to {to}.");
        return new MonthRange(from, to);
    }

    public IReadOnlySet<SourceKind> Sources(ParseResult parse) => SourceKinds.Parse(parse.GetValue(Source)!);
}
