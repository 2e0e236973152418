using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.DuckDb;

/// <summary>The <c>no_duplicate_keys</c> check finds duplicated fact keys, and <c>keys_resolve</c> fact keys missing from their
/// dimension (a load never makes either, so they are planted).</summary>
public sealed class DuplicateKeyCheckTests : IAsyncLifetime
{
    private static readonly YearMonth Month = new(2024, 1);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-tests", Guid.NewGuid().ToString("N"));
    private string FilePath => Path.Combine(_folder, "rxatlas.duckdb");

    public async Task InitializeAsync()
    {
        await using var warehouse = new DuckDbWarehouse(FilePath);
        await warehouse.LoadMonthAsync(FakeMonths.Release(Month, seed: 1));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task NoDuplicateKeys_CleanLoad_Passes()
    {
        var check = await DuplicateCheckAsync();

        Assert.True(check.Passed, check.Detail);
        Assert.Equal(0m, check.Value);
    }

    [Fact]
    public async Task NoDuplicateKeys_OneKeyThreeTimesAndAnotherTwice_FailsCountingTwoKeys()
    {
        await ExecuteAsync("""
            INSERT INTO fact_prescribing SELECT * FROM (SELECT * FROM fact_prescribing ORDER BY bnf_key DESC, practice_key LIMIT 1);
            INSERT INTO fact_prescribing SELECT * FROM (SELECT * FROM fact_prescribing ORDER BY bnf_key DESC, practice_key LIMIT 1);
            INSERT INTO fact_prescribing SELECT * FROM (SELECT * FROM fact_prescribing ORDER BY bnf_key, practice_key LIMIT 1);
            """);

        var check = await DuplicateCheckAsync();

        Assert.False(check.Passed);
        Assert.Equal(2m, check.Value);
    }

    [Fact]
    public async Task NoDuplicateKeys_DistinctKeysStoredOutOfOrder_PassesOnTheExactCount()
    {
        await ExecuteAsync("""
            CREATE TEMP TABLE copy AS SELECT * FROM fact_prescribing;
            DELETE FROM fact_prescribing;
            INSERT INTO fact_prescribing SELECT * FROM copy ORDER BY bnf_key DESC, practice_key DESC;
            """);

        var check = await DuplicateCheckAsync();

        Assert.True(check.Passed, check.Detail);
    }

    [Fact]
    public async Task NoDuplicateKeys_TwinStoredNextToItsKey_FailsCountingOneKey()
    {
        // Non-decreasing but not strictly increasing: the one-pass proof must not accept an equal neighbour.
        await ExecuteAsync("""
            CREATE TEMP TABLE copy AS SELECT * FROM fact_prescribing;
            INSERT INTO copy SELECT * FROM (SELECT * FROM fact_prescribing ORDER BY bnf_key, practice_key LIMIT 1);
            DELETE FROM fact_prescribing;
            INSERT INTO fact_prescribing SELECT * FROM copy ORDER BY bnf_key, practice_key;
            """);

        var check = await DuplicateCheckAsync();

        Assert.False(check.Passed);
        Assert.Equal(1m, check.Value);
    }

    [Fact]
    public async Task KeysResolve_FactRowsWhoseKeysAreMissingFromTheirDimension_FailCountingThem()
    {
        var clean = await CheckAsync("keys_resolve");
        await ExecuteAsync("""
            UPDATE fact_prescribing SET practice_key = 900001 WHERE (practice_key, bnf_key) IN (SELECT practice_key, bnf_key FROM fact_prescribing ORDER BY bnf_key, practice_key LIMIT 2);
            UPDATE fact_prescribing SET bnf_key = 900002 WHERE (practice_key, bnf_key) IN (SELECT practice_key, bnf_key FROM fact_prescribing ORDER BY bnf_key DESC, practice_key LIMIT 1);
            """);

        var planted = await CheckAsync("keys_resolve");

        Assert.True(clean.Passed, clean.Detail);
        Assert.False(planted.Passed);
        Assert.Equal(3m, planted.Value);
        Assert.Equal("2 fact rows with a practice key and 1 with a BNF key missing from its dimension", planted.Detail);
    }

    private Task<CheckResult> DuplicateCheckAsync() => CheckAsync("no_duplicate_keys");

    private async Task<CheckResult> CheckAsync(string name)
    {
        await using var connection = await OpenAsync();
        var expectation = new MonthExpectation(SourceTotals.Empty, 0, 0);
        var results = await QualityChecks.RunAsync(connection, null, DuckDbDialect.Instance, Month, expectation);
        return results.Single(r => r.Name == name);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<DuckDBConnection> OpenAsync()
    {
        var connection = new DuckDBConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        return connection;
    }
}
