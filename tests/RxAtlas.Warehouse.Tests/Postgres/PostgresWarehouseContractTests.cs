using Npgsql;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Tests.Contract;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>The shared contract suite against a fresh PostgreSQL database per test, plus PostgreSQL-specific physical-layout
/// tests (the counterparts of the DuckDB suite's). Skipped without <c>RXATLAS_TEST_POSTGRES</c>, failing under CI.</summary>
[RequiresPostgres]
public sealed class PostgresWarehouseContractTests : WarehouseContractTests
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected override async Task<IWarehouse> CreateWarehouseAsync()
    {
        _database = await PostgresTestServer.CreateDatabaseAsync();
        return new PostgresWarehouse(_database.Url);
    }

    protected override IWarehouse OpenSameStorage() => new PostgresWarehouse(Database.Url);

    /// <summary>The month partition's rows in storage order (ctid).</summary>
    // A month's fact is a few key-range tables: each in storage order, in the order of their ranges.
    protected override string StoredOrderSql(int monthKey) =>
        $"SELECT bnf_key FROM (SELECT bnf_key, ctid, min(bnf_key) OVER (PARTITION BY tableoid) AS range_start FROM fact_prescribing_{monthKey}) t ORDER BY range_start, ctid";

    protected override async Task DeleteWarehouseAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    [Fact]
    public async Task RunStore_RunsStartedAtOnceFromSeveralProcesses_GetUniqueIdsAndOneRunPerMonth()
    {
        // Each warehouse object stands for a process: its own pool and its own in-process lock.
        var processes = Enumerable.Range(0, 4).Select(_ => new PostgresWarehouse(Database.Url)).ToList();
        try
        {
            await Warehouse.MigrateAsync();
            var months = await Task.WhenAll(processes.SelectMany((p, i) => Enumerable.Range(1, 5)
                .Select(m => p.Runs.StartRunAsync("monthly", new RxAtlas.Core.YearMonth(2019, 1).AddMonths(m + 5 * i), "manual", DateTimeOffset.UtcNow))));
            var sameMonth = await Task.WhenAll(processes.Select(async p =>
            {
                try
                {
                    return await p.Runs.StartRunAsync("monthly", new RxAtlas.Core.YearMonth(2024, 1), "manual", DateTimeOffset.UtcNow);
                }
                catch (RxAtlas.Warehouse.Runs.RunAlreadyActiveException)
                {
                    return (long?)null;
                }
            }));

            Assert.Equal(20, months.Distinct().Count());
            Assert.Single(sameMonth, id => id is not null);
        }
        finally
        {
            foreach (var p in processes) await p.DisposeAsync();
        }
    }

    [Fact]
    public void Engine_AndDisplayName_NameTheServerWithoutThePassword()
    {
        var password = new NpgsqlConnectionStringBuilder(Database.ConnectionString).Password!;

        Assert.Equal("postgres", Warehouse.Engine);
        Assert.EndsWith("/" + Database.Name, Warehouse.DisplayName, StringComparison.Ordinal);
        Assert.DoesNotContain(password, Warehouse.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Views_HaveDocumentedExactDecimalTypes()
    {
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, [new("A81001", "0407010H0AAAAAA", 7, 1_234_567_891_234, 9_999_999_999_999, 123_456_789_012_345)]));

        var types = await RowsAsync("""
            SELECT pg_typeof(month)::text, pg_typeof(practice_code)::text, pg_typeof(bnf_code)::text, pg_typeof(items)::text,
                   quantity::text, nic::text, actual_cost::text
            FROM prescribing
            """);
        var declared = await RowsAsync("""
            SELECT string_agg(format('%s %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
            FROM pg_attribute a WHERE a.attrelid = 'prescribing'::regclass AND a.attnum > 0
            """);

        Assert.Equal(["date", "text", "text", "integer", "1234567891.234", "99999999999.99", "1234567890.12345"], types.Single());
        Assert.Equal("month date, practice_code text, bnf_code text, items integer, quantity numeric(18,3), nic numeric(18,2), actual_cost numeric(18,5)",
            declared.Single()[0]);
    }

    [Fact]
    public async Task Schema_FactIsListPartitionedByMonthWithABrinBnfKeyIndex()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));

        var partitioning = await RowsAsync("SELECT pg_get_partkeydef('fact_prescribing'::regclass)");
        var index = await RowsAsync("SELECT indexdef FROM pg_indexes WHERE tablename = 'fact_prescribing_202401'");
        var migrations = await RowsAsync("SELECT version, name FROM meta.schema_migrations ORDER BY version");

        Assert.Equal("LIST (month_key)", partitioning.Single()[0]);
        Assert.Contains(index, r => ((string)r[0]!).Contains("USING brin (bnf_key)", StringComparison.Ordinal));
        Assert.Equal([1, "star_schema"], migrations[0]);
    }
}
