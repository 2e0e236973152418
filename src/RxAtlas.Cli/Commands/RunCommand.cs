using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse.Runs;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas run --month YYYY-MM</c>: the monthly prescribing DAG for one month, or <c>--resume RUN_ID</c>.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new PipelineOptions();
        var month = CommonOptions.Month("--month", "The data month (YYYY-MM).", required: true);
        var resume = new Option<long?>("--resume")
        {
            Description = "Resume this run (same month): acquire runs again; tasks that succeeded are kept unless it copied a new or "
                          + "changed file into the lake, when what follows runs again; failed and never-run tasks run.",
        };
        var force = new Option<bool>("--force") { Description = "Reload even if the month is loaded and unchanged." };
        var notifications = new NotificationOptions();
        var command = new Command("run", "Run the monthly prescribing DAG: acquire → stage → load → geocode, load_list_sizes → check → publish.") { month, resume, force };
        notifications.AddTo(command);
        pipeline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            await using var warehouse = await Warehouses.OpenAsync(parse.GetValue(pipeline.Warehouse), context.Error, ct);
            await RunRecovery.MarkInterruptedAsync(warehouse.Runs, cancellationToken: ct);
            using var factory = new PipelineFactory();
            var settings = factory.Settings(warehouse, parse.GetValue(pipeline.FromDir), parse.GetValue(pipeline.Geocoder)!, context);
            var runner = PipelineFactory.Runner(settings, context);
            var m = parse.GetValue(month)!.Value;
            context.Console.MarkupLine($"Running [blue]{PrescribingDagName}[/] for {m} on {Markup.Escape(warehouse.DisplayName)}");
            var result = await runner.RunMonthAsync(m, "manual", parse.GetValue(force), parse.GetValue(resume), ct);
            if (result.Kept.Count > 0)
                context.Console.MarkupLine($"Kept from earlier tries (succeeded, inputs unchanged): {Markup.Escape(string.Join(", ", result.Kept))}");
            var colour = result.State switch { RunState.Success => "green", RunState.Skipped => "grey", _ => "red" };
            context.Console.MarkupLine($"Run {result.RunId}: [{colour}]{result.State}[/]{(result.Error is null ? "" : " — " + Markup.Escape(result.Error))}");
            using var http = new HttpClient();
            if (notifications.Sender(parse, http, context, warehouse) is { } notify) await notify(RunSummary.From(result, "manual"), ct);
            return result.State is RunState.Success or RunState.Skipped ? 0 : 1;
        });
        return command;
    }

    private const string PrescribingDagName = RxAtlas.Pipeline.Prescribing.PrescribingDag.Name;
}
