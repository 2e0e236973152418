using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas dag</c>: prints the monthly DAG as a tree or a Mermaid graph, optionally coloured by a past run's states.</summary>
internal static class DagCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart instead of text." };
        var run = new Option<long?>("--run") { Description = "Show each task's state in this run." };
        var command = new Command("dag", "Print the monthly prescribing DAG's tasks and dependencies.") { warehouse, mermaid, run };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenAsync(parse.GetValue(warehouse), ct);
            var dag = PrescribingDag.Build(new PrescribingDagSettings(w, new Lake(Path.Combine("data", "lake"))));
            var states = parse.GetValue(run) is { } id ? TaskStates.Latest(await w.Runs.ListTasksAsync(id, ct)) : null;
            await context.Output.WriteLineAsync(parse.GetValue(mermaid) ? DagRenderer.Mermaid(dag, states) : DagRenderer.Text(dag, states));
            return 0;
        });
        return command;
    }
}
