using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas backfill --from --to</c>: every month in a range, oldest first or N at a time; a bad month fails alone
/// (and, with <c>--webhook</c>/<c>--smtp</c>, is notified on its own).</summary>
internal static class BackfillCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new PipelineOptions();
        var from = CommonOptions.Month("--from", "First month (YYYY-MM).", required: true);
        var to = CommonOptions.Month("--to", "Last month (YYYY-MM).", required: true);
        var parallel = new Option<int>("--parallel") { Description = "Months run at once (at most one run per month).", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "Reload months already loaded." };
        var notifications = new NotificationOptions();
        var command = new Command("backfill", "Run the monthly DAG for every month in a range, skipping months already loaded (unless list sizes for them arrived: a loaded month without list sizes is looked up for them).") { from, to, parallel, force };
        notifications.AddTo(command);
        pipeline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            await using var warehouse = await Warehouses.OpenAsync(parse.GetValue(pipeline.Warehouse), context.Error, ct);
            await RunRecovery.MarkInterruptedAsync(warehouse.Runs, cancellationToken: ct);
            using var factory = new PipelineFactory();
            var settings = factory.Settings(warehouse, parse.GetValue(pipeline.FromDir), parse.GetValue(pipeline.Geocoder)!, context);
            var runner = PipelineFactory.Runner(settings, context, parallelism: 4);
            using var http = new HttpClient();
            var summary = await new Backfill(runner, warehouse).RunAsync(parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, new BackfillOptions
            {
                Parallelism = Math.Max(1, parse.GetValue(parallel)),
                Force = parse.GetValue(force),
                // A loaded month without list sizes is looked up (list sizes only) in case they were published since.
                RunLoadedMonthWhen = (month, token) => PrescribingDag.ListSizesArrivedAsync(settings, month, line => context.Output.WriteLine($"{month}: {line}"), token),
                // Each month's failure is notified as `run --month` notifies it (a repeated failure once a day per month); a
                // success only when it ends a notified failure, so years of history do not send a message a month.
                OnRunEnded = notifications.Sender(parse, http, context, warehouse, successesAfterFailureOnly: true),
                OnMonthFinished = o => context.Output.WriteLine($"{o.Month}: {o.Status}{(o.RunId is null ? "" : $" (run {o.RunId})")}{(o.Error is null ? "" : " — " + o.Error)}"),
            }, ct);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("month", "status", "run", "error");
            foreach (var o in summary.Months)
                table.AddRow(o.Month.ToString(), o.Status.ToString(), o.RunId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Markup.Escape(o.Error ?? ""));
            context.Console.Write(table);
            return summary.Ok ? 0 : 1;
        });
        return command;
    }
}
