using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Tests.TestData;

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
    public async Task MigrateAsync_TwoProcessesAtOnce_MigrateOnceWithoutErrors()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var first = new PostgresWarehouse(db.Url);
        await using var second = new PostgresWarehouse(db.ConnectionString);

        await Task.WhenAll(first.MigrateAsync(), second.MigrateAsync());

        Assert.Equal(PostgresMigrator.All.Count, await ScalarAsync<long>(db, "SELECT count(*) FROM meta.schema_migrations"));
        Assert.Equal(0L, await first.DataVersionAsync());
    }

    [PostgresFact]
    public async Task LoadMonthAsync_TwoProcessesAtOnce_AreSerialisedAndBothCommit()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var first = await OpenAsync(db);
        await using var second = new PostgresWarehouse(db.ConnectionString); // another "process": its own pool and locks
        var jan = FakeMonths.Release(Jan, seed: 1);
        var feb = FakeMonths.Release(Feb, seed: 2);

        var reports = await Task.WhenAll(first.LoadMonthAsync(jan), second.LoadMonthAsync(feb));

        Assert.Equal([Jan, Feb], reports.Select(r => r.Month).Order());
        Assert.Equal(FixedPoint.ToDecimal(jan.Rows.Sum(r => r.NicPence) + feb.Rows.Sum(r => r.NicPence), Scale.NicDigits),
            await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing"));
        Assert.Equal(await ScalarAsync<long>(db, "SELECT count(DISTINCT bnf_code) FROM dim_bnf"), await ScalarAsync<long>(db, "SELECT count(*) FROM dim_bnf"));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_WhileAnotherProcessWrites_SaysWhoItWaitsForThenLoads()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        var waits = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var warehouse = new PostgresWarehouse(db.Url, new PostgresWarehouseOptions
        {
            WaitingForWriter = holder => { waits.Enqueue(holder); waiting.TrySetResult(); },
        });
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        Assert.Empty(waits); // nobody else was writing

        await using var other = new NpgsqlConnection(db.ConnectionString + ";Application Name=other-loader");
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({WriterLock.Key})", other)) await take.ExecuteNonQueryAsync();
        var load = warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 2));
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var message = Assert.Single(waits);
        Assert.StartsWith($"server process {other.ProcessID} (other-loader, from 127.0.0.1), idle since ", message);
        Assert.EndsWith(" UTC", message);
        Assert.False(load.IsCompleted);
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({WriterLock.Key})", other)) await release.ExecuteNonQueryAsync();
        Assert.Equal(Feb, (await load.WaitAsync(TimeSpan.FromSeconds(60))).Month);
        Assert.Equal(2L, await ScalarAsync<long>(db, "SELECT count(DISTINCT month) FROM prescribing"));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_EachMonth_GetsItsOwnPartition()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);

        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        await warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 2));

        Assert.Equal(
            "fact_prescribing_202401,fact_prescribing_202402",
            await ScalarAsync<string>(db, "SELECT string_agg(c.relname::text, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fact_prescribing'::regclass"));
        Assert.Equal(
            await ScalarAsync<long>(db, "SELECT count(*) FROM fact_prescribing WHERE month_key = 202402"),
            await ScalarAsync<long>(db, "SELECT count(*) FROM fact_prescribing_202402"));
    }

    [PostgresFact]
    public async Task NoDuplicateKeys_CleanAndPlanted_ExactEitherWayAndParallelismRestored()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var warehouse = await OpenAsync(db)) await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();

        async Task<(CheckResult Check, string Workers)> CheckAsync()
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var results = await QualityChecks.RunAsync(connection, transaction, PostgresDialect.Instance, Jan, new MonthExpectation(SourceTotals.Empty, 0, 0));
            await using var show = new NpgsqlCommand("SHOW max_parallel_workers_per_gather", connection, transaction);
            var workers = (string)(await show.ExecuteScalarAsync())!;
            await transaction.RollbackAsync();
            return (results.Single(r => r.Name == "no_duplicate_keys"), workers);
        }

        var clean = await CheckAsync();
        await using (var plant = new NpgsqlCommand("INSERT INTO fact_prescribing SELECT * FROM fact_prescribing WHERE month_key = 202401 ORDER BY bnf_key, practice_key LIMIT 1", connection))
            await plant.ExecuteNonQueryAsync();
        var planted = await CheckAsync();

        Assert.True(clean.Check.Passed, clean.Check.Detail);
        Assert.False(planted.Check.Passed);
        Assert.Equal(1m, planted.Check.Value);
        Assert.Equal(await ScalarAsync<string>(db, "SHOW max_parallel_workers_per_gather"), clean.Workers);
    }

    [PostgresFact]
    public async Task LoadMonthAsync_WritesTheFactAsKeyRangesAttachedToTheMonth_AndAReloadReplacesThem()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = new PostgresWarehouse(db.Url, new PostgresWarehouseOptions { FactWriters = 3 });
        await warehouse.MigrateAsync();
        var release = FakeMonths.Release(Jan, seed: 1);

        await warehouse.LoadMonthAsync(release);
        var first = await RangesAsync(db);
        await warehouse.LoadMonthAsync(release);
        var second = await RangesAsync(db);

        foreach (var ranges in (IReadOnlyList<Range>[])[first, second])
        {
            Assert.Equal(3, ranges.Count);
            Assert.All(ranges, r => Assert.True(r.Rows > 0, $"{r.Name} is empty"));
            Assert.All(ranges, r => Assert.Equal(1, r.AttachedIndexes));
            // Planned on statistics from the start: without bnf_key's correlation the planner never picks the BRIN index.
            Assert.All(ranges, r => Assert.True(r.Analysed, $"{r.Name} has no statistics"));
            Assert.StartsWith("FOR VALUES FROM (MINVALUE) TO (", ranges[0].Bound, StringComparison.Ordinal);
            Assert.EndsWith("TO (MAXVALUE)", ranges[^1].Bound, StringComparison.Ordinal);
            // Each range's rows lie in its bounds, and the ranges meet: every key of the month is in exactly one.
            for (var i = 0; i + 1 < ranges.Count; i++)
            {
                Assert.True(ranges[i].MaxKey < ranges[i + 1].MinKey);
                Assert.Equal(ranges[i].Bound[(ranges[i].Bound.LastIndexOf('(') + 1)..^1], ranges[i + 1].Bound["FOR VALUES FROM (".Length..ranges[i + 1].Bound.IndexOf(')')]);
            }
        }
        Assert.Empty(first.Select(r => r.Name).Intersect(second.Select(r => r.Name)));
        Assert.Equal(await ScalarAsync<long>(db, "SELECT count(*) FROM fact_prescribing"), second.Sum(r => r.Rows));
        Assert.Equal(second.Count, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'fact\\_prescribing\\_202401\\_%'"));
        Assert.Equal(FixedPoint.ToDecimal(release.Rows.Sum(r => r.NicPence), Scale.NicDigits), await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing"));
        // Both rollups' parts for the month (one each, attached under the month's partition) have statistics too.
        Assert.Equal(2L, await ScalarAsync<long>(db, """
            SELECT count(DISTINCT i.inhparent) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent IN ('rollup_bnf_practice_month_202401'::regclass, 'rollup_practice_month_202401'::regclass)
              AND EXISTS (SELECT 1 FROM pg_stats s WHERE s.tablename = c.relname)
            """));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_LeavesEveryBrinBlockRangeOfTheMonthSummarised()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        // Wide enough that the month's rollups and fact ranges span many BRIN block ranges.
        var rows = Enumerable.Range(1, 2_000).SelectMany(p => FakeMonths.BnfCodes.Select(code => new PrescribingRow($"B{p:D5}", code, 1, 1_000, 100, 100_000))).ToList();

        await warehouse.LoadMonthAsync(new FakeMonthRelease(Jan, rows) { Bnf = FakeMonths.Bnf });
        await warehouse.LoadMonthAsync(new FakeMonthRelease(Jan, rows) { Bnf = FakeMonths.Bnf });

        // An unsummarised block range matches every query, so the index would not narrow anything: none may be left to do.
        const string monthBrin = """
            FROM pg_class c JOIN pg_am a ON a.oid = c.relam
            WHERE a.amname = 'brin' AND c.relkind = 'i'
              AND (c.relname LIKE 'fact\_prescribing\_202401\_%' OR c.relname LIKE 'rollup\_bnf\_practice\_month\_202401\_%')
            """;
        Assert.Equal(3L, await ScalarAsync<long>(db, "SELECT count(*) " + monthBrin)); // two fact ranges, the rollup's one part
        Assert.True(await ScalarAsync<long>(db, "SELECT pg_relation_size(inhrelid) / 8192 FROM pg_inherits WHERE inhparent = 'rollup_bnf_practice_month_202401'::regclass")
            > 8 * 4, "too small to span several ranges");
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT sum(brin_summarize_new_values(c.oid)) " + monthBrin));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_WhenTheFactWritersCannotWrite_FailsWithTheServersErrorAndLeavesServerUnchanged()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        var before = await PostgresDump.DumpAsync(db.ConnectionString);
        // New sessions start read-only: the writers' (their pool emptied) but not the load's own, already open and pooled. The
        // load itself would first fail at an INSERT; the writers fail creating their tables.
        await ExecAsync(db, $"ALTER DATABASE {db.Name} SET default_transaction_read_only = on");
        NpgsqlConnection.ClearAllPools();

        var e = await Assert.ThrowsAsync<LoadFailedException>(() => warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 2)));

        Assert.Contains("cannot execute CREATE TABLE in a read-only transaction", e.Message, StringComparison.Ordinal);
        await ExecAsync(db, "SET default_transaction_read_only = off", $"ALTER DATABASE {db.Name} RESET default_transaction_read_only");
        Assert.Equal(before, await PostgresDump.DumpAsync(db.ConnectionString));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_DropsRangesAnEarlierLoadLeftUnattached()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        // What a load stopped by a crash between its writers' commits and its own would leave.
        await ExecAsync(db, "CREATE TABLE fact_prescribing_202401_deadbeef_0 (month_key INTEGER)");

        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));

        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM pg_class WHERE relname = 'fact_prescribing_202401_deadbeef_0'"));
    }

    private sealed record Range(string Name, string Bound, long Rows, long MinKey, long MaxKey, long AttachedIndexes, bool Analysed);

    /// <summary>The January fact partition's key-range tables, in key order.</summary>
    private static async Task<IReadOnlyList<Range>> RangesAsync(PostgresTestDatabase db)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT c.relname::text, pg_get_expr(c.relpartbound, c.oid),
                   (SELECT count(*) FROM pg_index x JOIN pg_inherits xi ON xi.inhrelid = x.indexrelid WHERE x.indrelid = c.oid),
                   EXISTS (SELECT 1 FROM pg_stats s WHERE s.tablename = c.relname AND s.attname = 'bnf_key' AND s.correlation IS NOT NULL)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'fact_prescribing_202401'::regclass
            """, connection);
        var parts = new List<(string Name, string Bound, long Indexes, bool Analysed)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) parts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3)));
        }
        var ranges = new List<Range>();
        foreach (var (name, bound, indexes, analysed) in parts)
        {
            await using var stats = new NpgsqlCommand($"SELECT count(*), min(bnf_key), max(bnf_key) FROM {name}", connection);
            await using var reader = await stats.ExecuteReaderAsync();
            await reader.ReadAsync();
            ranges.Add(new Range(name, bound, reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt32(1), reader.IsDBNull(2) ? 0 : reader.GetInt32(2), indexes,
                analysed));
        }
        return [.. ranges.OrderBy(r => r.MinKey)];
    }

    [PostgresFact]
    public async Task LoadMonthAsync_Reload_ReplacesTheMonthOnly()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        await warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 2));
        var febBefore = await ScalarAsync<string>(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM fact_prescribing_202402 t");
        var replacement = FakeMonths.Release(Jan, seed: 2);

        await warehouse.LoadMonthAsync(replacement);

        var expectedNic = FixedPoint.ToDecimal(replacement.Rows.Sum(r => r.NicPence), Scale.NicDigits);
        Assert.Equal(expectedNic, await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'"));
        Assert.Equal(febBefore, await ScalarAsync<string>(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM fact_prescribing_202402 t"));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_BadInputMidStream_LeavesServerUnchanged()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        var before = await PostgresDump.DumpAsync(db.ConnectionString);
        var sample = FakeMonths.Release(Feb, seed: 2);
        var bad = new FakeMonthRelease(Feb, sample.Rows) { ThrowAfterRows = 7, Practices = sample.Practices, Bnf = sample.Bnf, Postcodes = sample.Postcodes };

        var e = await Assert.ThrowsAsync<LoadFailedException>(() => warehouse.LoadMonthAsync(bad));

        var format = Assert.IsType<DataFormatException>(e.InnerException);
        Assert.Equal(9, format.Line);
        Assert.DoesNotContain(PostgresLoaderPartition(Feb), before, StringComparison.Ordinal);
        Assert.Equal(Feb, e.Month);
        Assert.Equal(before, await PostgresDump.DumpAsync(db.ConnectionString));
        Assert.Equal([Jan], await warehouse.LoadedMonthsAsync());
    }

    [PostgresFact]
    public async Task LoadMonthAsync_ReloadFailingACheck_LeavesTheOldPartitionIntact()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        var before = await PostgresDump.DumpAsync(db.ConnectionString);
        var rows = FakeMonths.Rows(seed: 3);
        var truth = rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));
        var lying = new FakeMonthRelease(Jan, rows) { TotalsOverride = truth with { ActualCostE5 = truth.ActualCostE5 - 1 } };

        var e = await Assert.ThrowsAsync<LoadFailedException>(() => warehouse.LoadMonthAsync(lying));

        Assert.Contains(e.Checks, c => c is { Name: "actual_cost_match_source", Passed: false, Severity: CheckSeverity.Error });
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

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1), null, cts.Token));

        Assert.Equal(before, await PostgresDump.DumpAsync(db.ConnectionString));
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

    private static string PostgresLoaderPartition(YearMonth month) => $"fact_prescribing_{month.Key}";

    private static async Task<PostgresWarehouse> OpenAsync(PostgresTestDatabase db)
    {
        var warehouse = new PostgresWarehouse(db.Url);
        await warehouse.MigrateAsync();
        return warehouse;
    }

    /// <summary>Runs each statement in turn on one new connection.</summary>
    private static async Task ExecAsync(PostgresTestDatabase db, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, connection);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(PostgresTestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
