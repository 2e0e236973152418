using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas dag</c>: prints the monthly DAG as a tree or a Mermaid graph, optionally coloured by a past run's states;
/// a <c>--run</c> that does not exist (or is another DAG's) is an error, not a DAG of "not run" tasks.</summary>
internal static class DagCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart instead of text." };
        var run = new Option<long?>("--run") { Description = "Show each task's state in this run (an error if there is no such run)." };
        var command = new Command("dag", "Print the monthly prescribing DAG's tasks and dependencies.") { warehouse, mermaid, run };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenAsync(parse.GetValue(warehouse), ct);
            var dag = PrescribingDag.Build(new PrescribingDagSettings(w, new Lake(Path.Combine("data", "lake"))));
            var states = parse.GetValue(run) is { } id ? await TaskStates.OfRunAsync(w.Runs, dag, id, ct) : null;
            await context.Output.WriteLineAsync(parse.GetValue(mermaid) ? DagRenderer.Mermaid(dag, states) : DagRenderer.Text(dag, states));
            return 0;
        });
        return command;
    }
}
