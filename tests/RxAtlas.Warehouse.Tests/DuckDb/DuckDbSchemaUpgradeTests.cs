using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.DuckDb;

/// <summary>A DuckDB file written by schema version 3 opens as version 4: new columns added, stored sub-ICB codes in their
/// ODS form, missing level and geography names filled, and loads work on it.</summary>
public sealed class DuckDbSchemaUpgradeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-tests", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_folder, "v3.duckdb");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Migrate_Version3File_AddsTheColumnsNormalisesSubIcbCodesAndFillsNames()
    {
        Directory.CreateDirectory(_folder);
        await ExecuteAsync("""
            CREATE SCHEMA meta;
            CREATE TABLE meta.info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
            INSERT INTO meta.info VALUES ('schema_version', '3'), ('data_version', '5');
            CREATE TABLE dim_practice (
                practice_key INTEGER PRIMARY KEY, practice_code VARCHAR NOT NULL UNIQUE,
                name VARCHAR, address VARCHAR, postcode VARCHAR,
                region_code VARCHAR, region_name VARCHAR, icb_code VARCHAR, icb_name VARCHAR,
                sub_icb_code VARCHAR, sub_icb_name VARCHAR, setting VARCHAR, status VARCHAR,
                is_unidentified BOOLEAN NOT NULL);
            INSERT INTO dim_practice (practice_key, practice_code, sub_icb_code, sub_icb_name, icb_code, icb_name, is_unidentified) VALUES
                (1, 'A89001', '00P', NULL, 'QHM', NULL, false),
                (2, 'A89002', '00P00', 'NHS SUNDERLAND', 'QHM', 'NORTH EAST AND NORTH CUMBRIA ICB', false),
                (3, 'F82001', 'W2U3Z', NULL, NULL, NULL, false);
            CREATE TABLE dim_bnf (
                bnf_key INTEGER PRIMARY KEY, bnf_code VARCHAR NOT NULL UNIQUE,
                presentation VARCHAR, product_code VARCHAR, product VARCHAR, chemical_code VARCHAR, chemical VARCHAR,
                subparagraph_code VARCHAR, subparagraph VARCHAR, paragraph_code VARCHAR, paragraph VARCHAR,
                section_code VARCHAR, section VARCHAR, chapter_code VARCHAR, chapter VARCHAR);
            INSERT INTO dim_bnf (bnf_key, bnf_code, section_code, section, chapter_code, chapter) VALUES
                (10, '0212000B0AAAAAA', '0212', 'Lipid-regulating drugs', '02', 'Cardiovascular System'),
                (20, '0212000B0AAAKAK', '0212', NULL, '02', NULL);
            CREATE TABLE meta.loads (
                month_key INTEGER NOT NULL, source VARCHAR NOT NULL,
                source_rows BIGINT NOT NULL, items BIGINT NOT NULL, quantity_milli BIGINT NOT NULL, nic_pence BIGINT NOT NULL, actual_cost_e5 BIGINT NOT NULL,
                staged_rows BIGINT NOT NULL, distinct_keys BIGINT NOT NULL, fact_rows BIGINT NOT NULL,
                loaded_at TIMESTAMP NOT NULL, rolled_up BOOLEAN NOT NULL, published_version BIGINT);
            """);
        await using var warehouse = new DuckDbWarehouse(FilePath);

        await warehouse.MigrateAsync();

        var practices = await RowsAsync(warehouse, "SELECT practice_code, sub_icb_code, sub_icb_name, icb_name, attributes_month FROM dim_practice ORDER BY 1");
        Assert.Equal(["A89001", "00P", "NHS SUNDERLAND", "NORTH EAST AND NORTH CUMBRIA ICB", null], practices[0]);
        Assert.Equal(["A89002", "00P", "NHS SUNDERLAND", "NORTH EAST AND NORTH CUMBRIA ICB", null], practices[1]);
        Assert.Equal(["F82001", "W2U3Z", null, null, null], practices[2]);
        var bnf = await RowsAsync(warehouse, "SELECT section, chapter, attributes_month FROM dim_bnf WHERE bnf_code = '0212000B0AAAKAK'");
        Assert.Equal(["Lipid-regulating drugs", "Cardiovascular System", null], bnf.Single());
        Assert.Equal(DuckDbSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await RowsAsync(warehouse, "SELECT value FROM meta.info WHERE key = 'schema_version'")).Single()[0]);

        // An older month's attributes load onto the upgraded file: nothing recorded their month, so the month's replace them.
        var report = await warehouse.LoadMonthAsync(new FakeMonthRelease(new YearMonth(2020, 12), [new("A89001", "0212000B0AAAKAK", 1, 1000, 100, 100_000)])
        {
            Practices = [new PracticeRecord("A89001", "NAMED", null, null)],
        });
        Assert.Null(report.Replaced);
        Assert.Equal(["NAMED", 202012], (await RowsAsync(warehouse, "SELECT name, attributes_month FROM dim_practice WHERE practice_code = 'A89001'")).Single());
        Assert.Equal("fake", (await RowsAsync(warehouse, "SELECT dataset FROM meta.loads")).Single()[0]);
    }

    [Fact]
    public async Task Migrate_Version4File_AddsNotifiedFailuresAndKeepsRunHistory()
    {
        Directory.CreateDirectory(_folder);
        await using (var current = new DuckDbWarehouse(FilePath))
        {
            await current.MigrateAsync();
            await current.Runs.StartRunAsync("prescribing_monthly", new YearMonth(2024, 1), "manual", DateTimeOffset.UnixEpoch);
        }
        await ExecuteAsync("""
            DROP TABLE meta.notified_failures;
            UPDATE meta.info SET value = '4' WHERE key = 'schema_version';
            """);
        await using var warehouse = new DuckDbWarehouse(FilePath);

        await warehouse.MigrateAsync();

        var notified = new Runs.NotifiedFailure("prescribing_monthly", new YearMonth(2024, 1), "load: bad file", DateTimeOffset.UnixEpoch.AddDays(1));
        await warehouse.Runs.SaveNotifiedFailureAsync(notified);
        Assert.Equal(notified, await warehouse.Runs.GetNotifiedFailureAsync("prescribing_monthly", new YearMonth(2024, 1)));
        Assert.Single(await warehouse.Runs.ListRunsAsync(10));
        Assert.Equal(["6", "4"], (await RowsAsync(warehouse,
            "SELECT value FROM meta.info WHERE key IN ('schema_version', 'min_reader_version') ORDER BY key DESC")).Select(r => r[0]));
    }

    [Fact]
    public async Task Migrate_Version5File_GainsTheMonthsViewOverItsLoadedMonths()
    {
        // A version 5 file: today's schema without the months view, as version 5 builds left it.
        await using (var v5 = new DuckDbWarehouse(FilePath))
        {
            await v5.LoadMonthAsync(FakeMonths.Release(new YearMonth(2020, 3), seed: 1, count: 50));
        }
        await ExecuteAsync("DROP VIEW months; UPDATE meta.info SET value = '5' WHERE key = 'schema_version'");
        await using (var reader = new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { ReadOnly = true }))
        {
            var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => RowsAsync(reader, "SELECT 1"));
            Assert.Contains("rxatlas migrate", refused.Message, StringComparison.Ordinal);
        }
        await using var warehouse = new DuckDbWarehouse(FilePath);

        await warehouse.MigrateAsync();

        Assert.Equal(["2020-03-01", "2019/20", 4, "fake"],
            (await RowsAsync(warehouse, "SELECT CAST(month AS VARCHAR), financial_year, financial_quarter, dataset FROM months")).Single());
        Assert.Equal(["6", "4"], (await RowsAsync(warehouse, "SELECT value FROM meta.info WHERE key IN ('schema_version', 'min_reader_version') ORDER BY key DESC")).Select(r => r[0]));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static Task<List<object?[]>> RowsAsync(IWarehouse warehouse, string sql) => WarehouseRows.ReadAsync(warehouse, sql);
}
