using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Scheduling;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas schedule --cron "0 7 * * *"</c>: runs the monthly DAG on a cron schedule in the foreground until Ctrl-C.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new PipelineOptions();
        var cron = new Option<string>("--cron") { Description = "Cron expression (5 fields), e.g. \"0 7 * * *\" for 07:00 every day.", Required = true };
        var zone = new Option<string>("--time-zone") { Description = "IANA time zone the expression is in.", DefaultValueFactory = _ => "Europe/London" };
        var catchUp = new Option<bool>("--catch-up") { Description = "On start, run fire times missed since the last scheduled run (off by default)." };
        var first = CommonOptions.Month("--first-month", "The first month to load when the warehouse is empty (default: two months before " +
            "the month of the fire, when NHSBSA usually publishes). Later fires run the month after the newest one loaded.");
        var notifications = new NotificationOptions();
        var command = new Command("schedule", "Run the monthly DAG on a cron schedule (foreground; Ctrl-C stops cleanly).") { cron, zone, catchUp, first };
        notifications.AddTo(command);
        pipeline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var schedule = CronSchedule.Parse(parse.GetValue(cron)!, parse.GetValue(zone)!);
            await using var warehouse = await Warehouses.OpenAsync(parse.GetValue(pipeline.Warehouse), context.Error, ct);
            await RunRecovery.MarkInterruptedAsync(warehouse.Runs, cancellationToken: ct);
            using var factory = new PipelineFactory();
            using var http = new HttpClient();
            var settings = factory.Settings(warehouse, parse.GetValue(pipeline.FromDir), parse.GetValue(pipeline.Geocoder)!, context);
            var runner = PipelineFactory.Runner(settings, context);
            var scheduler = new Scheduler(schedule, MonthlySchedule.Job(runner, warehouse, parse.GetValue(first),
                (month, token) => PrescribingDag.ListSizesWantedAsync(settings, month, token)), TimeProvider.System, new SchedulerOptions
            {
                CatchUp = parse.GetValue(catchUp),
                LastFire = await MonthlySchedule.LastFireAsync(warehouse.Runs, PrescribingDag.Name, ct),
                Notifier = notifications.Notifier(parse, http),
                NotifiedFailures = warehouse.Runs,
                OnConnectionLost = ConnectionReset.For(warehouse),
                Log = line => context.Output.WriteLine(line),
            });
            context.Output.WriteLine($"Next run at {schedule.NextOccurrence(DateTimeOffset.UtcNow):yyyy-MM-dd HH:mm zzz}; Ctrl-C to stop.");
            await scheduler.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
