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
        var readOnly = CommonOptions.ReadOnly();
        readOnly.Description += " The results are shown but not recorded.";
        var command = new Command("check", "Run the data-quality checks and list ungeocoded practices.") { warehouse, month, readOnly };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), parse.GetValue(readOnly), context.Error, ct);
            var results = await w.CheckAsync(parse.GetValue(month), ct);
            Print(context, results);
            await PrintUngeocodedAsync(context, w, ct);
            return results.Any(r => r.Severity == CheckSeverity.Error && !r.Passed) ? 1 : 0;
        });
        return command;
    }

    private const int UngeocodedListed = 50;

    /// <summary>Lists the real practices without coordinates (the documented <c>ungeocoded_practices</c> view), including those
    /// with no postcode at all, which no geocoder can place.</summary>
    private static async Task PrintUngeocodedAsync(CliContext context, IWarehouse warehouse, CancellationToken ct)
    {
        var practices = new List<(string Code, string? Name, string? Postcode)>();
        await warehouse.QueryAsync("SELECT practice_code, name, postcode FROM ungeocoded_practices ORDER BY practice_code", async reader =>
        {
            while (await reader.ReadAsync(ct))
            {
                practices.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }, ct);
        if (practices.Count == 0) return;
        var withoutPostcode = practices.Count(p => string.IsNullOrWhiteSpace(p.Postcode));
        context.Console.MarkupLine($"[yellow]{practices.Count} practice(s) have no location[/] ({withoutPostcode} without a postcode):");
        foreach (var (code, name, postcode) in practices.Take(UngeocodedListed))
        {
            context.Output.WriteLine($"  {code}  {(string.IsNullOrWhiteSpace(postcode) ? "(no postcode)" : postcode)}  {name}");
        }
        if (practices.Count > UngeocodedListed) context.Output.WriteLine($"  … and {practices.Count - UngeocodedListed} more (query the ungeocoded_practices view).");
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
