using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RxAtlas.Warehouse;
using RxAtlas.Web.Api;

namespace RxAtlas.Web.Runs;

/// <summary><c>/api/runs</c>: DAG run history with task instances (never cached: runs change while data does not).</summary>
internal static class RunEndpoints
{
    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/runs").WithTags("Runs").MapGet("", ListAsync).WithName("GetRuns")
            .WithSummary("DAG runs, newest first, each with every try of every task, plus the DAGs' dependency edges.");
    }

    internal static async Task<Results<Ok<RunsResponse>, ValidationProblem>> ListAsync(
        string? limit, IWarehouse warehouse, IDagDescription dags, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var max = Parameters.Count(limit, "limit", 50, 1, 500, errors);
        if (errors.Any) return errors.Problem();
        var runs = await warehouse.Runs.ListRunsAsync(max, cancellationToken);
        var entries = new List<RunEntry>(runs.Count);
        foreach (var run in runs)
        {
            entries.Add(RunEntry.From(run, await warehouse.Runs.ListTasksAsync(run.RunId, cancellationToken)));
        }
        return TypedResults.Ok(new RunsResponse(dags.Dags, entries));
    }
}
