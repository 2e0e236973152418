using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;

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
            var id = parse.GetValue(run);
            // The DAG's shape needs no warehouse (its tasks never run here): one is opened only to colour it by a run, and
            // then it must exist. The stand-in is never opened, so nothing is created.
            await using IWarehouse w = id is null
                ? new DuckDbWarehouse(options: new DuckDbWarehouseOptions { ReadOnly = true })
                : await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), cancellationToken: ct);
            var dag = PrescribingDag.Build(new PrescribingDagSettings(w, new Lake(Path.Combine("data", "lake"))));
            var states = id is { } runId ? await TaskStates.OfRunAsync(w.Runs, dag, runId, ct) : null;
            await context.Output.WriteLineAsync(parse.GetValue(mermaid) ? DagRenderer.Mermaid(dag, states) : DagRenderer.Text(dag, states));
            return 0;
        });
        return command;
    }
}
