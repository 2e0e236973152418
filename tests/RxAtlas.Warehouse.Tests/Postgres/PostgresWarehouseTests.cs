using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>PostgreSQL-specific behaviour: migrations, transactional loads, partitions, credentials. Each test has its own database.</summary>
public sealed class PostgresWarehouseTests
{
    private static readonly YearMonth Jan = new(2024, 1);
    private static readonly YearMonth Feb = new(2024, 2);

    [PostgresFact]
    public async Task MigrateAsync_RunTwice_AppliesEachMigrationOnce()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = new PostgresWarehouse(db.Url);

        var first = await PostgresMigrator.MigrateAsync(warehouse.DataSource);
        var dumpAfterFirst = await PostgresDump.DumpAsync(db.ConnectionString);
        var second = await PostgresMigrator.MigrateAsync(warehouse.DataSource);
        await warehouse.MigrateAsync();

        Assert.Equal(PostgresMigrator.All.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(dumpAfterFirst, await PostgresDump.DumpAsync(db.ConnectionString));
        Assert.Equal(PostgresMigrator.All.Count, await ScalarAsync<long>(db, "SELECT count(*) FROM meta.schema_migrations"));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_SampleMonth_FactMatchesSourceToThePenny()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        var month = FakeMonth.Sample(Jan);

        var report = await warehouse.LoadMonthAsync(month);

        var expected = month.Rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));
        Assert.Equal(expected, report.Totals);
        Assert.Equal(month.Rows.Count, report.SourceRows);
        Assert.Equal(month.Rows.Count - 1, report.FactRows); // the duplicated pair is summed into one row
        Assert.All(report.Checks.Where(c => c.Severity == CheckSeverity.Error), c => Assert.True(c.Passed, c.Detail));
        Assert.Equal(FixedPoint.ToDecimal(expected.NicPence, 2), await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing"));
        Assert.Equal(FixedPoint.ToDecimal(expected.ActualCostE5, 5), await ScalarAsync<decimal>(db, "SELECT sum(actual_cost) FROM prescribing"));
        Assert.Equal(FixedPoint.ToDecimal(expected.QuantityMilli, 3), await ScalarAsync<decimal>(db, "SELECT sum(quantity) FROM prescribing"));
        Assert.Equal([Jan], await warehouse.LoadedMonthsAsync());
    }

    [PostgresFact]
    public async Task LoadMonthAsync_EachMonth_GetsItsOwnPartition()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);

        await warehouse.LoadMonthAsync(FakeMonth.Sample(Jan));
        await warehouse.LoadMonthAsync(FakeMonth.Sample(Feb));

        Assert.Equal(
            "fact_prescribing_202401,fact_prescribing_202402",
            await ScalarAsync<string>(db, "SELECT string_agg(c.relname::text, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fact_prescribing'::regclass"));
        Assert.Equal(
            await ScalarAsync<long>(db, "SELECT count(*) FROM fact_prescribing WHERE month_key = 202402"),
            await ScalarAsync<long>(db, "SELECT count(*) FROM fact_prescribing_202402"));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_Reload_ReplacesTheMonthOnly()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonth.Sample(Jan));
        await warehouse.LoadMonthAsync(FakeMonth.Sample(Feb));
        var febBefore = await ScalarAsync<string>(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM fact_prescribing_202402 t");
        var replacement = FakeMonth.Sample(Jan, seed: 2);

        await warehouse.LoadMonthAsync(replacement);

        var expectedNic = FixedPoint.ToDecimal(replacement.Rows.Sum(r => r.NicPence), 2);
        Assert.Equal(expectedNic, await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'"));
        Assert.Equal(febBefore, await ScalarAsync<string>(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM fact_prescribing_202402 t"));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_BadInputMidStream_LeavesServerUnchanged()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonth.Sample(Jan));
        var before = await PostgresDump.DumpAsync(db.ConnectionString);
        var sample = FakeMonth.Sample(Feb);
        var bad = new FakeMonth(Feb, sample.Rows) { FailAfter = 7, Practices = sample.Practices, Bnf = sample.Bnf };

        var e = await Assert.ThrowsAsync<LoadFailedException>(() => warehouse.LoadMonthAsync(bad));

        var format = Assert.IsType<DataFormatException>(e.InnerException);
        Assert.Equal(9, format.Line);
        Assert.Equal(Feb, e.Month);
        Assert.Equal(before, await PostgresDump.DumpAsync(db.ConnectionString));
        Assert.Equal([Jan], await warehouse.LoadedMonthsAsync());
    }

    [PostgresFact]
    public async Task LoadMonthAsync_FailingErrorCheck_RollsBackReloadToo()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonth.Sample(Jan));
        var before = await PostgresDump.DumpAsync(db.ConnectionString);
        var sample = FakeMonth.Sample(Jan, seed: 3);
        var lying = new FakeMonth(Jan, sample.Rows) { TotalsOverride = new SourceTotals(sample.Rows.Count, 1, 1, 1, 1) };

        var e = await Assert.ThrowsAsync<LoadFailedException>(() => warehouse.LoadMonthAsync(lying));

        Assert.Contains(e.Checks, c => c is { Name: "nic_match_source", Passed: false, Severity: CheckSeverity.Error });
        Assert.Equal(before, await PostgresDump.DumpAsync(db.ConnectionString));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_Cancelled_LeavesServerUnchanged()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        var before = await PostgresDump.DumpAsync(db.ConnectionString);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warehouse.LoadMonthAsync(FakeMonth.Sample(Jan), null, cts.Token));

        Assert.Equal(before, await PostgresDump.DumpAsync(db.ConnectionString));
    }

    [PostgresFact]
    public async Task PublishAsync_BumpsDataVersionAndRefreshesRollups()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonth.Sample(Jan));
        var version = await warehouse.DataVersionAsync();

        await warehouse.PublishAsync();

        Assert.True(await warehouse.DataVersionAsync() > version);
        Assert.Equal(
            await ScalarAsync<decimal>(db, "SELECT sum(nic_pence) FROM fact_prescribing"),
            await ScalarAsync<decimal>(db, "SELECT sum(nic_pence) FROM rollup_practice_month"));
    }

    [PostgresFact]
    public async Task DisplayName_AndConnectionErrors_NeverContainThePassword()
    {
        var server = PostgresTestServer.RequireServer();
        var password = "Wr0ngPassw0rd-" + Guid.NewGuid().ToString("N");
        var url = $"postgres://{server.Username}:{password}@{server.Host}:{server.Port}/{server.Database}";
        await using var warehouse = new PostgresWarehouse(url);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => warehouse.MigrateAsync());

        Assert.DoesNotContain(password, warehouse.DisplayName, StringComparison.Ordinal);
        Assert.DoesNotContain(password, warehouse.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, e.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"postgres://{server.Username}@", warehouse.DisplayName, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task QueryAsync_AnythingButOneSelect_IsRefused()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);

        await Assert.ThrowsAsync<ArgumentException>(() => warehouse.QueryAsync("DELETE FROM dim_month", _ => Task.CompletedTask));
        await Assert.ThrowsAsync<ArgumentException>(() => warehouse.QueryAsync("SELECT 1; SELECT 2", _ => Task.CompletedTask));
        await Assert.ThrowsAsync<ArgumentException>(() => warehouse.QueryAsync("SELECT * FROM dim_month FOR UPDATE", _ => Task.CompletedTask));
        await Assert.ThrowsAsync<ArgumentException>(() => warehouse.QueryAsync("DROP TABLE dim_month", _ => Task.CompletedTask));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM dim_month") + 0);
    }

    [PostgresFact]
    public async Task Runs_StartSaveFinish_RoundTrips()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        var t0 = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.FromHours(1));

        var id = await warehouse.Runs.StartRunAsync("monthly", Jan, "manual", t0);
        var task = new TaskInstance(id, "load", 1, t0, t0.AddMinutes(2), RunState.Success, null, 42, ["read 42 rows", "ok"]);
        await warehouse.Runs.SaveTaskAsync(task);
        await warehouse.Runs.SaveTaskAsync(task with { RowsAffected = 43 });
        await warehouse.Runs.FinishRunAsync(id, RunState.Success, t0.AddMinutes(3), null);

        var run = await warehouse.Runs.GetRunAsync(id);
        Assert.Equal(new DagRun(id, "monthly", Jan, "manual", t0, t0.AddMinutes(3), RunState.Success, null), run);
        var saved = Assert.Single(await warehouse.Runs.ListTasksAsync(id));
        Assert.Equal(43, saved.RowsAffected);
        Assert.Equal(["read 42 rows", "ok"], saved.Log);
    }

    private static async Task<PostgresWarehouse> OpenAsync(PostgresTestDatabase db)
    {
        var warehouse = new PostgresWarehouse(db.Url);
        await warehouse.MigrateAsync();
        return warehouse;
    }

    private static async Task<T> ScalarAsync<T>(PostgresTestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
