using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Warehouse.Tests.Contract;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.DuckDb;

/// <summary>The contract suite against a fresh DuckDB file per test, plus DuckDB-specific physical-layout tests.</summary>
public sealed class DuckDbWarehouseContractTests : WarehouseContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-tests", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_folder, "nested", "rxatlas.duckdb");

    protected override Task<IWarehouse> CreateWarehouseAsync() => Task.FromResult<IWarehouse>(new DuckDbWarehouse(FilePath));

    protected override IWarehouse OpenSameStorage() => new DuckDbWarehouse(FilePath);

    /// <summary>The fact's rows in storage order (DuckDB's rowid).</summary>
    protected override string StoredOrderSql(int monthKey) => $"SELECT bnf_key FROM fact_prescribing WHERE month_key = {monthKey} ORDER BY rowid";

    protected override Task DeleteWarehouseAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Constructor_MissingFolder_IsCreated()
    {
        Assert.True(Directory.Exists(Path.GetDirectoryName(FilePath)));
        Assert.Equal("duckdb", Warehouse.Engine);
        Assert.Contains(FilePath, Warehouse.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Views_HaveDocumentedExactDecimalTypes()
    {
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, [new("A81001", "0407010H0AAAAAA", 7, 1_234_567_891_234, 9_999_999_999_999, 123_456_789_012_345)]));

        var types = await RowsAsync("""
            SELECT typeof(month), typeof(practice_code), typeof(bnf_code), typeof(items), typeof(quantity), typeof(nic), typeof(actual_cost),
                   CAST(quantity AS VARCHAR), CAST(nic AS VARCHAR), CAST(actual_cost AS VARCHAR)
            FROM prescribing
            """);

        Assert.Equal(["DATE", "VARCHAR", "VARCHAR", "INTEGER", "DECIMAL(18,3)", "DECIMAL(18,2)", "DECIMAL(18,5)",
            "1234567891.234", "99999999999.99", "1234567890.12345"], types.Single());
    }

    [Fact]
    public async Task ShortLivedConnections_DatabaseClosedBetweenCalls_KeepsEveryCommittedChange()
    {
        var path = Path.Combine(_folder, "short.duckdb");
        await using var warehouse = new DuckDbWarehouse(path, new DuckDbWarehouseOptions { KeepDatabaseOpen = false });

        await warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        await warehouse.PublishAsync();
        var runId = await warehouse.Runs.StartRunAsync("monthly", Month1, "manual", DateTimeOffset.UnixEpoch);

        Assert.Equal([Month1], await warehouse.LoadedMonthsAsync());
        Assert.NotEmpty(await warehouse.Queries.MapAsync(new Queries.Selection([], Month1, Month1)));
        Assert.Equal(runId, (await warehouse.Runs.GetRunAsync(runId))!.RunId);
    }

    [Fact]
    public async Task QueryAsync_FileReadingTableFunctions_AreRefused()
    {
        var secret = Path.Combine(_folder, "secret.csv");
        await File.WriteAllTextAsync(secret, "a,b\n1,2\n");

        await Assert.ThrowsAnyAsync<Exception>(() => RowsAsync($"SELECT * FROM read_csv('{secret}')"));
    }

    [Fact]
    public async Task RunStore_RunOfADeadProcess_IsMarkedInterrupted()
    {
        var deadOwner = new RunOwner(Environment.MachineName, 4_194_000, DateTimeOffset.UnixEpoch);
        long id;
        await using (var other = new DuckDbWarehouse(Path.Combine(_folder, "runs.duckdb"), new DuckDbWarehouseOptions { RunOwner = deadOwner }))
        {
            id = await other.Runs.StartRunAsync("monthly", Month1, "manual", DateTimeOffset.UnixEpoch);
            await other.Runs.SaveTaskAsync(new TaskInstance(id, "load", 1, DateTimeOffset.UnixEpoch, null, RunState.Running, null, null, []));
        }
        await using var restarted = new DuckDbWarehouse(Path.Combine(_folder, "runs.duckdb"));
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        var marked = await restarted.Runs.MarkAbandonedRunsInterruptedAsync(now);

        Assert.Equal(1, marked);
        var run = await restarted.Runs.GetRunAsync(id);
        // Found dead at `now`, but when it stopped is unknown: no end is recorded (it would show as the task's duration).
        Assert.Equal((RunState.Interrupted, (DateTimeOffset?)null), (run!.State, run.Ended));
        Assert.Contains("4194000", run.Error, StringComparison.Ordinal);
        Assert.Contains("when it stopped is unknown", run.Error, StringComparison.Ordinal);
        var task = (await restarted.Runs.ListTasksAsync(id)).Single();
        Assert.Equal((RunState.Interrupted, (DateTimeOffset?)null), (task.State, task.Ended));
        var owner = await restarted.Runs.GetRunOwnerAsync(id);
        Assert.Equal(deadOwner.ProcessId, owner!.ProcessId);
        Assert.False(owner.IsAlive());
    }

    [Fact]
    public async Task ReadOnly_SecondHandleReadsButCannotWrite()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        await Warehouse.DisposeAsync();
        await using var reader = new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { ReadOnly = true });

        Assert.Equal([Month1], await reader.LoadedMonthsAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.PublishAsync());
    }
}
