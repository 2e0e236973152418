using Npgsql;
using RxAtlas.Cli.Hosting;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Cli.Tests;

/// <summary>A PostgreSQL restart mid-run, simulated deterministically: every backend of the database is terminated
/// (57P01, as on a restart), so each connection idle in the pool is dead.</summary>
[RequiresPostgres]
public sealed class ConnectionLossPostgresTests
{
    [Fact]
    public async Task Run_ConnectionsTerminatedMidRun_TheTaskRetriesOnAFreshConnectionAndTheRunIsRecorded()
    {
        await using var database = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = new PostgresWarehouse(database.Url);
        await warehouse.MigrateAsync();
        await FillPoolAsync(warehouse, connections: 20); // more dead connections than the retries below could use up
        var tries = 0;
        var dag = new DagBuilder("d", PrescribingDag.DefaultTaskOptions with { Retries = 1, RetryDelay = TimeSpan.Zero })
            .Task("load", async ctx =>
            {
                if (++tries == 1) await TerminateBackendsAsync(database);
                try
                {
                    await warehouse.LoadedMonthsAsync(ctx.CancellationToken);
                }
                catch (Exception e) when (e is NpgsqlException)
                {
                    // As the warehouse's load does: any failure inside it is reported as a failed load of the month.
                    throw new LoadFailedException(ctx.Month, "T201911PDPI BNFT.csv: " + e.Message, [], e);
                }
            })
            .Build();
        var runner = new DagRunner(warehouse.Runs, options: new DagRunnerOptions
        {
            OnConnectionLost = ConnectionReset.For(warehouse),
            StoreRetryDelays = [TimeSpan.Zero],
        });

        var result = await runner.RunAsync(dag, new RunParameters(new YearMonth(2019, 11)));

        Assert.True(result.State == RunState.Success, result.Error);
        var loads = await warehouse.Runs.ListTasksAsync(result.RunId);
        Assert.Equal([RunState.Failed, RunState.Success], loads.Select(t => t.State));
        Assert.Contains("terminating connection due to administrator command", loads[0].Error, StringComparison.Ordinal);
        Assert.Equal(RunState.Success, (await warehouse.Runs.GetRunAsync(result.RunId))!.State);
    }

    /// <summary>Leaves several idle connections in the warehouse's pool, as a long-running <c>schedule</c> has.</summary>
    private static async Task FillPoolAsync(PostgresWarehouse warehouse, int connections)
    {
        var open = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => warehouse.DataSource.OpenConnectionAsync().AsTask()));
        foreach (var connection in open) await connection.DisposeAsync();
    }

    private static async Task TerminateBackendsAsync(PostgresTestDatabase database)
    {
        await using var admin = new NpgsqlConnection(database.ConnectionString + ";Pooling=false");
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
        Assert.True((long)(await kill.ExecuteScalarAsync())! > 0);
    }
}
