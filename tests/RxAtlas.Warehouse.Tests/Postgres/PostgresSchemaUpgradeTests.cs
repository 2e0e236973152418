using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>A database migrated to version 3 with data in it takes migration 0004 as DuckDB's version 4 upgrade does.</summary>
public sealed class PostgresSchemaUpgradeTests
{
    [PostgresFact]
    public async Task Migrate_Version3Database_NormalisesSubIcbCodesAndFillsNames()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await MigrateToAsync(connection, 3);
            await ExecuteAsync(connection, """
                INSERT INTO dim_practice (practice_key, practice_code, sub_icb_code, sub_icb_name, icb_code, icb_name, is_unidentified) VALUES
                    (1, 'A89001', '00P', NULL, 'QHM', NULL, false),
                    (2, 'A89002', '00P00', 'NHS SUNDERLAND', 'QHM', 'NORTH EAST AND NORTH CUMBRIA ICB', false),
                    (3, 'F82001', 'W2U3Z', NULL, NULL, NULL, false);
                INSERT INTO dim_bnf (bnf_key, bnf_code, section_code, section, chapter_code, chapter) VALUES
                    (10, '0212000B0AAAAAA', '0212', 'Lipid-regulating drugs', '02', 'Cardiovascular System'),
                    (20, '0212000B0AAAKAK', '0212', NULL, '02', NULL);
                """);
        }
        await using var warehouse = new PostgresWarehouse(db.ConnectionString);

        await warehouse.MigrateAsync();

        var practices = await RowsAsync(warehouse, "SELECT practice_code, sub_icb_code, sub_icb_name, icb_name, attributes_month FROM dim_practice ORDER BY 1");
        Assert.Equal(["A89001", "00P", "NHS SUNDERLAND", "NORTH EAST AND NORTH CUMBRIA ICB", null], practices[0]);
        Assert.Equal(["A89002", "00P", "NHS SUNDERLAND", "NORTH EAST AND NORTH CUMBRIA ICB", null], practices[1]);
        Assert.Equal(["F82001", "W2U3Z", null, null, null], practices[2]);
        var bnf = await RowsAsync(warehouse, "SELECT section, chapter, attributes_month FROM dim_bnf WHERE bnf_code = '0212000B0AAAKAK'");
        Assert.Equal(["Lipid-regulating drugs", "Cardiovascular System", null], bnf.Single());
        Assert.Equal(PostgresMigrator.KnownVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await RowsAsync(warehouse, "SELECT value FROM meta.info WHERE key = 'schema_version'")).Single()[0]);
        Assert.Empty(await RowsAsync(warehouse, "SELECT dataset FROM meta.loads"));
    }

    [PostgresFact]
    public async Task Migrate_Version4Database_AddsNotifiedFailuresAsMigration5()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await MigrateToAsync(connection, 4);
        }
        await using var warehouse = new PostgresWarehouse(db.ConnectionString);

        await warehouse.MigrateAsync();

        var month = new RxAtlas.Core.YearMonth(2024, 1);
        var notified = new Runs.NotifiedFailure("prescribing_monthly", month, "load: bad file", DateTimeOffset.UnixEpoch.AddDays(1));
        await warehouse.Runs.SaveNotifiedFailureAsync(notified);
        Assert.Equal(notified, await warehouse.Runs.GetNotifiedFailureAsync("prescribing_monthly", month));
        Assert.Equal(["6", "4"], (await RowsAsync(warehouse,
            "SELECT value FROM meta.info WHERE key IN ('schema_version', 'min_reader_version') ORDER BY key DESC")).Select(r => r[0]));
        Assert.Equal("notified_failures", PostgresMigrator.All.Single(m => m.Version == 5).Name);
    }

    [PostgresFact]
    public async Task Migrate_Version5Database_AppliesMigration6AndGainsTheMonthsViewOverItsLoadedMonths()
    {
        await using var db = await PostgresTestServer.CreateDatabaseAsync();
        await using (var loaded = new PostgresWarehouse(db.ConnectionString))
        {
            await loaded.LoadMonthAsync(FakeMonths.Release(new YearMonth(2020, 3), seed: 1, count: 50));
        }
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            // Back to version 5, as version 5 builds left it: no months view, no migration 6.
            await ExecuteAsync(connection, """
                DROP VIEW months;
                DELETE FROM meta.schema_migrations WHERE version = 6;
                UPDATE meta.info SET value = '5' WHERE key = 'schema_version';
                """);
        }
        await using var warehouse = new PostgresWarehouse(db.ConnectionString);

        var applied = await PostgresMigrator.MigrateAsync(warehouse.DataSource);

        Assert.Equal([6], applied);
        Assert.Equal("months_view", PostgresMigrator.All.Single(m => m.Version == 6).Name);
        Assert.Equal(["2020-03-01", "2019/20", 4, "fake"],
            (await RowsAsync(warehouse, "SELECT CAST(month AS VARCHAR), financial_year, financial_quarter, dataset FROM months")).Single());
        Assert.Equal(["6", "4"], (await RowsAsync(warehouse, "SELECT value FROM meta.info WHERE key IN ('schema_version', 'min_reader_version') ORDER BY key DESC")).Select(r => r[0]));
    }

    /// <summary>Applies migrations 1 to <paramref name="version"/> and records them, as a build of that version left them.</summary>
    private static async Task MigrateToAsync(NpgsqlConnection connection, int version)
    {
        await ExecuteAsync(connection, """
            CREATE SCHEMA IF NOT EXISTS meta;
            CREATE TABLE meta.schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
            """);
        foreach (var migration in PostgresMigrator.All.Where(m => m.Version <= version))
        {
            await ExecuteAsync(connection, migration.Sql);
            await ExecuteAsync(connection, $"INSERT INTO meta.schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}')");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<List<object?[]>> RowsAsync(IWarehouse warehouse, string sql) => WarehouseRows.ReadAsync(warehouse, sql);
}
