using System.Globalization;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>A PostgreSQL warehouse opened without migrating needs only SELECT rights; one whose highest migration is newer
/// than this build's last is never written to.</summary>
public sealed class PostgresSchemaVersionTests
{
    private static readonly YearMonth Month = new(2024, 1);

    [PostgresFact]
    public async Task ReaderRole_WithOnlyConnectUsageAndSelect_ReadsEverythingWhenNotMigrating()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var owner = new PostgresWarehouse(db.ConnectionString))
        {
            await owner.LoadMonthAsync(FakeMonths.Release(Month, seed: 1));
            await owner.PublishAsync();
        }
        await using var role = await PostgresReaderRole.CreateAsync(db);
        var recordedChecks = await ScalarAsync(db, "SELECT count(*) FROM meta.check_results");

        await using (var migrating = new PostgresWarehouse(role.ConnectionString))
        {
            var denied = await Assert.ThrowsAsync<PostgresException>(() => migrating.LoadedMonthsAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }
        await using var reader = new PostgresWarehouse(role.ConnectionString, new PostgresWarehouseOptions { Migrate = false, ReadOnly = true });

        Assert.Equal([Month], await reader.LoadedMonthsAsync());
        Assert.True(await reader.DataVersionAsync() > 0);
        Assert.Empty(await reader.Runs.ListRunsAsync(5));
        Assert.NotEmpty(await reader.Queries.RegionsAsync());
        Assert.Contains(await reader.CheckAsync(Month), c => c.Passed);
        long rows = 0;
        await reader.QueryAsync("SELECT count(*) FROM prescribing", async r => { await r.ReadAsync(); rows = r.GetInt64(0); });
        Assert.True(rows > 0);
        long months = 0;
        await reader.QueryAsync("SELECT count(*) FROM months", async r => { await r.ReadAsync(); months = r.GetInt64(0); });
        Assert.Equal(1, months);
        Assert.Equal(recordedChecks, await ScalarAsync(db, "SELECT count(*) FROM meta.check_results"));
    }

    [PostgresFact]
    public async Task Write_WhenTheDatabaseHasAMigrationNewerThanThisBuild_IsRefusedAndChangesNothing()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var first = new PostgresWarehouse(db.ConnectionString)) await first.MigrateAsync();
        var newer = PostgresMigrator.KnownVersion + 1;
        await ExecAsync(db, $"INSERT INTO meta.schema_migrations (version, name) VALUES ({newer}, 'from_a_newer_build')");

        await using (var older = new PostgresWarehouse(db.ConnectionString))
        {
            var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => older.LoadMonthAsync(FakeMonths.Release(Month, seed: 1)));
            Assert.Contains($"schema version {newer}, newer than this build of RxAtlas knows ({PostgresMigrator.KnownVersion})", refused.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<WarehouseSchemaException>(() => PostgresMigrator.MigrateAsync(older.DataSource));
        }

        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM meta.loads"));
        Assert.Equal((long)newer, await ScalarAsync(db, "SELECT max(version)::bigint FROM meta.schema_migrations"));
    }

    [PostgresFact]
    public async Task Write_AfterANewerBuildMigratedUnderAnOpenWarehouse_IsRefused()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using var running = new PostgresWarehouse(db.ConnectionString);
        await running.LoadMonthAsync(FakeMonths.Release(Month, seed: 1));

        await ExecAsync(db, $"INSERT INTO meta.schema_migrations (version, name) VALUES ({PostgresMigrator.KnownVersion + 1}, 'from_a_newer_build')");

        await Assert.ThrowsAsync<WarehouseSchemaException>(() => running.LoadMonthAsync(FakeMonths.Release(new YearMonth(2024, 2), seed: 2)));
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM meta.loads"));
    }

    [PostgresFact]
    public async Task NonMigratingOpen_NewerSchema_ReadsOnlyWhenMarkedReadableByThisBuild()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var first = new PostgresWarehouse(db.ConnectionString)) await first.MigrateAsync();
        var newer = PostgresMigrator.KnownVersion + 1;
        await ExecAsync(db, $"INSERT INTO meta.schema_migrations (version, name) VALUES ({newer}, 'from_a_newer_build')");

        await using (var compatible = new PostgresWarehouse(db.ConnectionString, new PostgresWarehouseOptions { Migrate = false }))
        {
            Assert.Empty(await compatible.LoadedMonthsAsync());
            await Assert.ThrowsAsync<WarehouseSchemaException>(() => compatible.CheckAsync());
        }
        await ExecAsync(db, $"UPDATE meta.info SET value = '{newer}' WHERE key = 'min_reader_version'");
        await using var incompatible = new PostgresWarehouse(db.ConnectionString, new PostgresWarehouseOptions { Migrate = false });
        var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => incompatible.LoadedMonthsAsync());
        Assert.Contains("cannot read", refused.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task NonMigratingOpen_OlderOrMissingSchema_NamesTheUpgradeCommandAndCreatesNothing()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var empty = new PostgresWarehouse(db.ConnectionString, new PostgresWarehouseOptions { Migrate = false }))
        {
            var missing = await Assert.ThrowsAsync<WarehouseSchemaException>(() => empty.LoadedMonthsAsync());
            Assert.Contains("has no RxAtlas schema", missing.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0L, await ScalarAsync(db, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'meta'"));

        await using (var first = new PostgresWarehouse(db.ConnectionString)) await first.MigrateAsync();
        await ExecAsync(db, $"DELETE FROM meta.schema_migrations WHERE version = {PostgresMigrator.KnownVersion}");
        await using var older = new PostgresWarehouse(db.ConnectionString, new PostgresWarehouseOptions { Migrate = false });
        var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => older.LoadedMonthsAsync());
        Assert.Contains("'rxatlas migrate'", refused.Message, StringComparison.Ordinal);
        Assert.Equal((long)PostgresMigrator.KnownVersion - 1, await ScalarAsync(db, "SELECT max(version)::bigint FROM meta.schema_migrations"));
    }

    private static async Task ExecAsync(PostgresTestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(PostgresTestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
