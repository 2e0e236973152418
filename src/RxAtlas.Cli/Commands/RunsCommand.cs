using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RxAtlas.Cli.Hosting;
using RxAtlas.Cli.Output;
using RxAtlas.Pipeline;
using RxAtlas.Warehouse.Runs;
using Spectre.Console;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas runs</c>: the latest DAG runs and each task's state and duration.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var format = CommonOptions.Format(OutputFormat.Table);
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        var interrupt = new Option<long?>("--interrupt")
        {
            Description = "Mark this run, still recorded as running, interrupted, so its month can run (or resume) again. For a run " +
                "whose process is gone but could not be found dead: one started on another host (a replaced container or pod). " +
                "Make sure that process has really stopped first.",
            HelpName = "RUN_ID",
        };
        var readOnly = CommonOptions.ReadOnly();
        readOnly.Description += " Runs whose process died are listed as still running.";
        var command = new Command("runs", "List the latest DAG runs with their tasks' states and durations.") { warehouse, format, limit, interrupt, readOnly };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), parse.GetValue(readOnly), cancellationToken: ct);
            if (parse.GetValue(interrupt) is { } runId)
            {
                await InterruptAsync(context, w.Runs, runId, ct);
                return 0;
            }
            if (!parse.GetValue(readOnly)) await RunRecovery.MarkInterruptedAsync(w.Runs, cancellationToken: ct);
            var runs = new List<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)>();
            foreach (var run in await w.Runs.ListRunsAsync(parse.GetValue(limit), ct)) runs.Add((run, Latest(await w.Runs.ListTasksAsync(run.RunId, ct))));
            switch (parse.GetValue(format))
            {
                case OutputFormat.Csv: await WriteCsvAsync(context.Output, runs); break;
                case OutputFormat.Json: await context.Output.WriteLineAsync(JsonSerializer.Serialize(runs.Select(r => ToJson(r.Run, r.Tasks)), Json)); break;
                default: WriteTable(context, runs); break;
            }
            return 0;
        });
        return command;
    }

    /// <exception cref="ArgumentException">No such run.</exception>
    /// <exception cref="InvalidOperationException">The run is not running.</exception>
    private static async Task InterruptAsync(CliContext context, IRunStore runs, long runId, CancellationToken ct)
    {
        if (!await runs.InterruptRunAsync(runId, TimeProvider.System.GetUtcNow(), "interrupted by hand (rxatlas runs --interrupt)", ct))
        {
            // Like dag --run and run --resume: a run id that does not exist is a usage error (exit 2).
            var run = await runs.GetRunAsync(runId, ct) ?? throw new ArgumentException($"There is no run {runId}.");
            throw new InvalidOperationException($"Run {runId} is {run.State}, not running: there is nothing to interrupt.");
        }
        var month = (await runs.GetRunAsync(runId, ct))?.Month;
        var resume = month is null ? $"rxatlas run --resume {runId}" : $"rxatlas run --month {month} --resume {runId}";
        await context.Output.WriteLineAsync($"Run {runId}{(month is null ? "" : $" for {month}")} is marked interrupted. `{resume}` continues it.");
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The last try of each task, in start order.</summary>
    internal static IReadOnlyList<TaskInstance> Latest(IReadOnlyList<TaskInstance> tries) =>
        [.. tries.GroupBy(t => t.TaskId).Select(g => g.MaxBy(t => t.TryNumber)!).OrderBy(t => t.Started)];

    private static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Seconds taken; "?" when the run or task was interrupted (its process was killed: when it stopped is not
    /// known, and the time it was found dead would overstate it); empty while it is still running.</summary>
    internal static string Duration(DateTimeOffset started, DateTimeOffset? ended, RunState state) =>
        ended is { } e ? (e - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : state == RunState.Interrupted ? "?" : "";

    internal static async Task WriteCsvAsync(TextWriter output, IEnumerable<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)> runs)
    {
        await output.WriteLineAsync("run_id,dag,month,state,started,ended,error,tasks");
        foreach (var (run, tasks) in runs)
        {
            var summary = string.Join(';', tasks.Select(t => $"{t.TaskId}:{t.State}:{Duration(t.Started, t.Ended, t.State)}"));
            await output.WriteLineAsync(string.Join(',',
                run.RunId.ToString(CultureInfo.InvariantCulture), Csv.Escape(run.Dag), run.Month?.ToString() ?? "", run.State.ToString(),
                Time(run.Started), Time(run.Ended), Csv.Escape(run.Error ?? ""), Csv.Escape(summary)));
        }
    }

    private static object ToJson(DagRun run, IReadOnlyList<TaskInstance> tasks) => new
    {
        run_id = run.RunId,
        dag = run.Dag,
        month = run.Month?.ToString(),
        trigger = run.Trigger,
        state = run.State.ToString(),
        started = run.Started,
        ended = run.Ended,
        error = run.Error,
        tasks = tasks.Select(t => new { task_id = t.TaskId, state = t.State.ToString(), try_number = t.TryNumber, started = t.Started, ended = t.Ended, seconds = t.Ended is { } e ? (e - t.Started).TotalSeconds : (double?)null, rows_affected = t.RowsAffected, error = t.Error }),
    };

    private static void WriteTable(CliContext context, IEnumerable<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)> runs)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("run", "dag", "month", "state", "started", "duration", "tasks", "error");
        foreach (var (run, tasks) in runs)
        {
            var grid = string.Join("  ", tasks.Select(t => $"[{Colour(t.State)}]■[/] {Markup.Escape(t.TaskId)} {Duration(t.Started, t.Ended, t.State)}"));
            table.AddRow(run.RunId.ToString(CultureInfo.InvariantCulture), Markup.Escape(run.Dag), run.Month?.ToString() ?? "", $"[{Colour(run.State)}]{run.State}[/]",
                Time(run.Started), Duration(run.Started, run.Ended, run.State), grid, Markup.Escape(run.Error ?? ""));
        }
        context.Console.Write(table);
    }

    /// <summary>Airflow's grid colours.</summary>
    internal static string Colour(RunState state) => state switch
    {
        RunState.Success => "green",
        RunState.Failed => "red",
        RunState.UpstreamFailed => "orange1",
        RunState.Running => "lime",
        RunState.Queued => "grey",
        RunState.Skipped => "pink1",
        RunState.Interrupted => "purple",
        _ => "yellow",
    };
}
