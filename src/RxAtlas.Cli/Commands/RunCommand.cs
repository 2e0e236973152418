using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse;
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
            if (notifications.Notifier(parse, http) is { } notifier) await NotifyAsync(context, warehouse, notifier, result, ct);
            return result.State is RunState.Success or RunState.Skipped ? 0 : 1;
        });
        return command;
    }

    /// <summary>Notifies a run that succeeded, failed or was cancelled (Ctrl-C; then within 5 s), except a failure already notified
    /// within the day by any process using the warehouse (<see cref="RepeatedFailures"/>): a <c>run</c> from cron that fails
    /// the same way every hour alerts once a day. A notification that fails is reported; the exit code stays the run's.</summary>
    private static async Task NotifyAsync(CliContext context, IWarehouse warehouse, IRunNotifier notifier, DagRunResult result, CancellationToken ct)
    {
        if (result.State is not (RunState.Success or RunState.Failed or RunState.Cancelled)) return;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var token = result.State == RunState.Cancelled ? limit.Token : ct;
        var summary = RunSummary.From(result, "manual");
        try
        {
            if (!await new RepeatedFailures(warehouse.Runs, RepeatedFailures.DefaultInterval, log: context.Output.WriteLine).ShouldNotifyAsync(summary, token))
                return;
            await notifier.NotifyAsync(summary, token);
        }
        catch (Exception e) when (e is not OperationCanceledException || result.State == RunState.Cancelled)
        {
            var causes = e is AggregateException all ? all.InnerExceptions.Select(i => i.Message) : [e.Message];
            await context.Error.WriteLineAsync($"Notification failed: {string.Join("; ", causes)}");
        }
    }

    private const string PrescribingDagName = RxAtlas.Pipeline.Prescribing.PrescribingDag.Name;
}
