using System.Text.Json;
using RxAtlas.Warehouse.DuckDb;

namespace RxAtlas.Cli.Tests;

/// <summary><c>rxatlas query</c> prints every value readably: lists and structs as JSON, never a .NET type name.</summary>
public sealed class CliQueryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> EmptyWarehouseAsync()
    {
        await using (var warehouse = new DuckDbWarehouse(_dir["w.duckdb"])) await warehouse.MigrateAsync();
        return "duckdb:" + _dir["w.duckdb"];
    }

    [Fact]
    public async Task Query_OnDuckDb_PrintsListsAndStructsAsJson()
    {
        var warehouse = await EmptyWarehouseAsync();
        const string sql = "SELECT [1,2,3] AS a, ['x', NULL] AS b, {'k': 1} AS s, [[1], [2, 3]] AS n";

        var csv = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", sql);
        var json = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "json", sql);

        Assert.True(csv.Exit == 0, csv.Err);
        Assert.Equal("a,b,s,n\n\"[1,2,3]\",\"[\"\"x\"\",null]\",\"{\"\"k\"\":1}\",\"[[1],[2,3]]\"\n", csv.Out.ReplaceLineEndings("\n"));
        Assert.True(json.Exit == 0, json.Err);
        using var doc = JsonDocument.Parse(json.Out);
        var row = doc.RootElement[0];
        Assert.Equal([1, 2, 3], row.GetProperty("a").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("b")[1].ValueKind);
        Assert.Equal(1, row.GetProperty("s").GetProperty("k").GetInt32());
        Assert.Equal(3, row.GetProperty("n")[1][1].GetInt32());
    }

    [Fact]
    public async Task Query_OnDuckDb_DescribeListsTheColumns()
    {
        var warehouse = await EmptyWarehouseAsync();

        var result = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", "DESCRIBE prescribing");

        Assert.True(result.Exit == 0, result.Err);
        Assert.StartsWith("column_name,column_type", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nnic,", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_RefusedStatementAskingForColumns_SuggestsTheSelectThatAnswersIt_WhichWorks()
    {
        var warehouse = await EmptyWarehouseAsync();

        var refused = await CliRunner.RunAsync("query", "--warehouse", warehouse, "PRAGMA table_info('prescribing')");

        Assert.Equal(2, refused.Exit);
        const string suggestion = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'prescribing' ORDER BY ordinal_position";
        Assert.Contains(suggestion, refused.Err, StringComparison.Ordinal);
        var suggested = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", suggestion);
        Assert.True(suggested.Exit == 0, suggested.Err);
        Assert.Contains("\nnic,\"DECIMAL(18,2)\"", suggested.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_RefusedStatementOfAnotherKind_HasNoColumnsHint()
    {
        var warehouse = await EmptyWarehouseAsync();

        var refused = await CliRunner.RunAsync("query", "--warehouse", warehouse, "DELETE FROM fact_prescribing");

        Assert.Equal(2, refused.Exit);
        Assert.DoesNotContain("information_schema", refused.Err, StringComparison.Ordinal);
    }

    /// <summary>A <c>DECIMAL(18,2)</c> holding 1.5 and its sum, in every format: always with the column's two decimals.</summary>
    internal static async Task AssertDecimalsKeepTheirScaleAsync(string warehouse, string sql)
    {
        var csv = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", sql);
        var json = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "json", sql);
        var table = await CliRunner.RunAsync("query", "--warehouse", warehouse, sql);

        Assert.True(csv.Exit == 0, csv.Err);
        Assert.Equal("nic,total\n1.50,6680.50\n", csv.Out.ReplaceLineEndings("\n"));
        Assert.True(json.Exit == 0, json.Err);
        Assert.Contains("\"nic\": 1.50", json.Out, StringComparison.Ordinal);
        Assert.Contains("\"total\": 6680.50", json.Out, StringComparison.Ordinal);
        Assert.True(table.Exit == 0, table.Err);
        Assert.Contains(" 1.50 ", table.Out, StringComparison.Ordinal);
        Assert.Contains(" 6680.50 ", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_OnDuckDb_PrintsDecimalsWithTheirColumnsScale()
    {
        var warehouse = await EmptyWarehouseAsync();

        await AssertDecimalsKeepTheirScaleAsync(warehouse,
            "SELECT CAST(1.5 AS DECIMAL(18,2)) AS nic, sum(v) AS total FROM (SELECT CAST(6679 AS DECIMAL(18,2)) AS v UNION ALL SELECT CAST(1.5 AS DECIMAL(18,2)))");
    }
}

/// <summary>The same on PostgreSQL, where some types (regclass) cannot be read as a value at all.</summary>
[RequiresPostgres]
public sealed class CliQueryPostgresTests
{
    /// <summary>A fresh database with the RxAtlas schema (query never creates it).</summary>
    private static async Task<PostgresTestDatabase> MigratedDatabaseAsync()
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();
        var migrate = await CliRunner.RunAsync("migrate", "--warehouse", database.Url);
        Assert.True(migrate.Exit == 0, migrate.Err);
        return database;
    }

    [Fact]
    public async Task Query_ColumnOfATypeTheDriverCannotRead_ExitsOneNamingItAndACast()
    {
        await using var database = await MigratedDatabaseAsync();

        var result = await CliRunner.RunAsync("query", "--warehouse", database.Url, "--format", "csv", "SELECT 1 AS n, 'pg_class'::regclass AS r");

        Assert.Equal(1, result.Exit);
        Assert.Contains("Column 'r' has type regclass", result.Err, StringComparison.Ordinal);
        Assert.Contains("r::text", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Query_Describe_IsRefusedWithTheSelectThatListsTheColumns()
    {
        await using var database = await MigratedDatabaseAsync();

        var refused = await CliRunner.RunAsync("query", "--warehouse", database.Url, "DESCRIBE prescribing");

        Assert.Equal(2, refused.Exit);
        const string suggestion = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'prescribing' ORDER BY ordinal_position";
        Assert.Contains(suggestion, refused.Err, StringComparison.Ordinal);
        var suggested = await CliRunner.RunAsync("query", "--warehouse", database.Url, "--format", "csv", suggestion);
        Assert.True(suggested.Exit == 0, suggested.Err);
        Assert.Contains("\nnic,numeric", suggested.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Arrays_PrintAsJsonArrays()
    {
        await using var database = await MigratedDatabaseAsync();

        var csv = await CliRunner.RunAsync("query", "--warehouse", database.Url, "--format", "csv",
            "SELECT ARRAY[1,2,3] AS a, ARRAY['x', NULL] AS b, ARRAY[[1,2],[3,4]] AS m, '\\x0aff'::bytea AS bytes");
        var json = await CliRunner.RunAsync("query", "--warehouse", database.Url, "--format", "json", "SELECT ARRAY[1,2,3] AS a");

        Assert.True(csv.Exit == 0, csv.Err);
        Assert.Equal("a,b,m,bytes\n\"[1,2,3]\",\"[\"\"x\"\",null]\",\"[[1,2],[3,4]]\",\\x0aff\n", csv.Out.ReplaceLineEndings("\n"));
        Assert.True(json.Exit == 0, json.Err);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal([1, 2, 3], doc.RootElement[0].GetProperty("a").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Query_OnPostgres_PrintsDecimalsWithTheirColumnsScale()
    {
        await using var database = await MigratedDatabaseAsync();

        await CliQueryTests.AssertDecimalsKeepTheirScaleAsync(database.Url,
            "SELECT CAST(1.5 AS DECIMAL(18,2)) AS nic, sum(v) AS total FROM (SELECT CAST(6679 AS DECIMAL(18,2)) AS v UNION ALL SELECT CAST(1.5 AS DECIMAL(18,2))) AS t");
    }
}
