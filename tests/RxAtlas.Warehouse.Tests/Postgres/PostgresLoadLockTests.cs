using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>What a load makes readers wait for. A load writes and checks its month in new tables and swaps them in only as its
/// last step: readers of other months never wait, and readers of the month wait only for that step.</summary>
/// <remarks>Each test stops the load at a lock it holds itself, so what the load had done by then, and what readers can do
/// meanwhile, is seen without any race. <see cref="Deadline"/> only turns a hang into a failure.</remarks>
public sealed class PostgresLoadLockTests
{
    private static readonly YearMonth Jan = new(2024, 1);
    private static readonly YearMonth Feb = new(2024, 2);

    /// <summary>Long enough never to be reached by a load that is not stuck.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task LoadMonthAsync_OfANewMonth_LetsEveryReaderThroughUntilItAttachesTheMonth()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        var janNic = await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'");

        // Attaching a month takes SHARE UPDATE EXCLUSIVE on the parents; holding it here stops the load just before it attaches.
        await using var holder = await OpenConnectionAsync(db);
        await using var hold = await holder.BeginTransactionAsync();
        await ExecAsync(holder, "LOCK TABLE fact_prescribing IN SHARE UPDATE EXCLUSIVE MODE");
        var load = warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 2));
        await WaitUntilALoadWaitsForALockAsync(db, load);

        // The whole month is written and checked by now, and readers of every table pass straight by, seeing January only.
        await using (var reader = await OpenConnectionAsync(db))
        {
            await ExecAsync(reader, "SET lock_timeout = '5s'");
            Assert.Equal(janNic, await ScalarAsync<decimal>(reader, "SELECT sum(nic) FROM prescribing"));
            Assert.True(await ScalarAsync<long>(reader, "SELECT count(*) FROM rollup_bnf_practice_month") > 0);
            Assert.True(await ScalarAsync<long>(reader, "SELECT count(*) FROM rollup_practice_month") > 0);
        }

        await hold.CommitAsync();
        var report = await load.WaitAsync(Deadline);
        Assert.True(report.Checks.All(c => c.Passed || c.Severity != CheckSeverity.Error));
        Assert.Equal([Jan, Feb], await warehouse.LoadedMonthsAsync());
    }

    [PostgresFact]
    public async Task LoadMonthAsync_ReloadFailingItsChecks_NeverWaitsForTheMonthsReaders()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        await warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 1));
        var rows = FakeMonths.Rows(seed: 3);
        var truth = rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));
        var lying = new FakeMonthRelease(Jan, rows) { TotalsOverride = truth with { NicPence = truth.NicPence + 1 } };

        // A reader in the middle of January: anything that empties or replaces January's tables has to wait for it.
        await using var reader = await OpenConnectionAsync(db);
        await using var reading = await reader.BeginTransactionAsync();
        var before = await ScalarAsync<decimal>(reader, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'");
        Assert.True(await ScalarAsync<long>(reader, "SELECT count(*) FROM rollup_bnf_practice_month WHERE month_key = 202401") > 0);

        // The reload writes and checks its new tables without touching January's, so it fails at once, without waiting.
        var e = await Assert.ThrowsAsync<LoadFailedException>(() => warehouse.LoadMonthAsync(lying).WaitAsync(Deadline));

        Assert.Contains(e.Checks, c => c is { Name: "nic_match_source", Passed: false });
        Assert.Equal(before, await ScalarAsync<decimal>(reader, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'"));
        await reading.CommitAsync();
    }

    [PostgresFact]
    public async Task LoadMonthAsync_Reload_LetsReadersOfOtherMonthsThroughWhileItWaitsForTheMonthsReaders()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        await warehouse.LoadMonthAsync(FakeMonths.Release(Feb, seed: 1));
        const string febNicSql = "SELECT sum(nic_pence) FROM fact_prescribing WHERE month_key = 202402";
        var febNic = await ScalarAsync<decimal>(db, febNicSql);
        var replacement = FakeMonths.Release(Jan, seed: 2);

        await using var janReader = await OpenConnectionAsync(db);
        await using var reading = await janReader.BeginTransactionAsync();
        var oldJanNic = await ScalarAsync<decimal>(janReader, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'");
        var load = warehouse.LoadMonthAsync(replacement);
        await WaitUntilALoadWaitsForALockAsync(db, load);

        await using (var other = await OpenConnectionAsync(db))
        {
            await ExecAsync(other, "SET lock_timeout = '5s'");
            // Filtered on month_key, as the web's queries are, a query never opens January's tables (pruned when planned).
            Assert.Equal(febNic, await ScalarAsync<decimal>(other, febNicSql));
            Assert.True(await ScalarAsync<long>(other, "SELECT count(*) FROM rollup_bnf_practice_month WHERE month_key = 202402") > 0);
        }

        await reading.CommitAsync();
        await load.WaitAsync(Deadline);
        var newJanNic = FixedPoint.ToDecimal(replacement.Rows.Sum(r => r.NicPence), Scale.NicDigits);
        Assert.NotEqual(oldJanNic, newJanNic);
        Assert.Equal(newJanNic, await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing WHERE month = DATE '2024-01-01'"));
        Assert.Equal(febNic, await ScalarAsync<decimal>(db, febNicSql));
    }

    [PostgresFact]
    public async Task LoadMonthAsync_Reload_ReplacesMonthPartitionsAnEarlierVersionWroteAsPlainTables()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var warehouse = await OpenAsync(db);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Jan, seed: 1));
        // Earlier versions wrote each month's partition of every table as one plain table (the fact's before BNF-key ranges).
        await using (var connection = await OpenConnectionAsync(db))
        {
            foreach (var table in (string[])["fact_prescribing", "rollup_practice_month", "rollup_bnf_practice_month"])
            {
                await ExecAsync(connection, $"""
                    CREATE TABLE {table}_old AS SELECT * FROM {table}_202401;
                    DROP TABLE {table}_202401;
                    CREATE TABLE {table}_202401 PARTITION OF {table} FOR VALUES IN (202401);
                    INSERT INTO {table}_202401 SELECT * FROM {table}_old;
                    DROP TABLE {table}_old;
                    """);
            }
        }
        var replacement = FakeMonths.Release(Jan, seed: 2);

        await warehouse.LoadMonthAsync(replacement);

        Assert.Equal(3L, await ScalarAsync<long>(db, """
            SELECT count(*) FROM pg_class WHERE relkind = 'p'
              AND relname IN ('fact_prescribing_202401', 'rollup_practice_month_202401', 'rollup_bnf_practice_month_202401')
            """));
        Assert.Equal(FixedPoint.ToDecimal(replacement.Rows.Sum(r => r.NicPence), Scale.NicDigits),
            await ScalarAsync<decimal>(db, "SELECT sum(nic) FROM prescribing"));
        Assert.Equal(replacement.Rows.Sum(r => (long)r.Items), await ScalarAsync<long>(db, "SELECT sum(items) FROM rollup_practice_month"));
        Assert.All(await warehouse.CheckAsync(Jan), c => Assert.True(c.Passed || c.Severity != CheckSeverity.Error, c.Detail));
    }

    /// <summary>Returns once a session of the test database waits for a lock (the load, stopped by the test's lock); fails if
    /// the load finished or failed instead.</summary>
    private static async Task WaitUntilALoadWaitsForALockAsync(PostgresTestDatabase db, Task load)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (await ScalarAsync<long>(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
        {
            if (load.IsCompleted)
            {
                await load; // surfaces a failure
                Assert.Fail("The load finished without waiting for the test's lock.");
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task<PostgresWarehouse> OpenAsync(PostgresTestDatabase db)
    {
        var warehouse = new PostgresWarehouse(db.Url);
        await warehouse.MigrateAsync();
        return warehouse;
    }

    private static async Task<NpgsqlConnection> OpenConnectionAsync(PostgresTestDatabase db)
    {
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<T> ScalarAsync<T>(PostgresTestDatabase db, string sql)
    {
        await using var connection = await OpenConnectionAsync(db);
        return await ScalarAsync<T>(connection, sql);
    }
}
