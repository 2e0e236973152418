using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Warehouse;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas check</c>: every data-quality check on demand; exit 1 when an error-level check fails.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var month = CommonOptions.Month("--month", "Check one month (YYYY-MM); default every loaded month.");
        var command = new Command("check", "Run the data-quality checks and list ungeocoded practices.") { warehouse, month };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenAsync(parse.GetValue(warehouse), ct);
            var results = await w.CheckAsync(parse.GetValue(month), ct);
            Print(context, results);
            var ungeocoded = await w.PostcodesWithoutLocationAsync(ct);
            if (ungeocoded.Count > 0)
            {
                context.Console.MarkupLine($"[yellow]{ungeocoded.Count} practice postcode(s) have no location:[/] {Markup.Escape(string.Join(", ", ungeocoded.Take(20)))}{(ungeocoded.Count > 20 ? ", …" : "")}");
            }
            return results.Any(r => r.Severity == CheckSeverity.Error && !r.Passed) ? 1 : 0;
        });
        return command;
    }

    /// <summary>One line per check across all months: how many months passed, and the worst detail.</summary>
    internal static void PrintSummary(CliContext context, IReadOnlyList<CheckResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("check", "severity", "months passed", "example");
        foreach (var group in results.GroupBy(r => (r.Name, r.Severity)).OrderBy(g => g.Key.Severity).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            var passed = group.Count(r => r.Passed);
            var colour = passed == group.Count() ? "green" : group.Key.Severity == CheckSeverity.Error ? "red" : "yellow";
            var example = group.FirstOrDefault(r => !r.Passed) ?? group.Last();
            table.AddRow(Markup.Escape(group.Key.Name), group.Key.Severity.ToString().ToLowerInvariant(), $"[{colour}]{passed}/{group.Count()}[/]", Markup.Escape($"{example.Month}: {example.Detail}"));
        }
        context.Console.Write(table);
    }

    internal static void Print(CliContext context, IReadOnlyList<CheckResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("month", "check", "severity", "result", "detail");
        foreach (var r in results.OrderBy(r => r.Month?.Key ?? 0).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            var outcome = r.Passed ? "[green]pass[/]" : r.Severity == CheckSeverity.Error ? "[red]FAIL[/]" : "[yellow]warn[/]";
            table.AddRow(r.Month?.ToString() ?? "all", Markup.Escape(r.Name), r.Severity.ToString().ToLowerInvariant(), outcome, Markup.Escape(r.Detail));
        }
        context.Console.Write(table);
        var failed = results.Count(r => !r.Passed && r.Severity == CheckSeverity.Error);
        var warned = results.Count(r => !r.Passed && r.Severity == CheckSeverity.Warning);
        context.Console.MarkupLine($"{results.Count} checks: {failed} failed, {warned} warnings");
    }
}
