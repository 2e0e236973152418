using System.Globalization;
using DuckDB.NET.Data;
using RxAtlas.Warehouse.DuckDb;

namespace RxAtlas.Cli.Tests;

/// <summary>Which commands migrate a warehouse: only writing ones (and <c>migrate</c>). Commands that read check the schema
/// version and say how to upgrade; no build writes to a schema newer than it knows (exit 3).</summary>
public sealed class SchemaAccessTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Path => _dir["w.duckdb"];
    private string Warehouse => "duckdb:" + Path;

    private async Task LoadAsync()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-11", "--rows", "500", "--format", "pdpi-clean");
        var ingest = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["gen"]);
        Assert.True(ingest.Exit == 0, ingest.Err);
    }

    [Theory]
    [InlineData("query", "SELECT count(*) AS n FROM prescribing")]
    [InlineData("query", "--read-only", "SELECT count(*) AS n FROM prescribing")]
    [InlineData("check")]
    [InlineData("runs")]
    [InlineData("runs", "--read-only")]
    public async Task ReadingCommand_OnAnOlderSchema_NamesTheUpgradeCommandAndLeavesItAlone(params string[] command)
    {
        await LoadAsync();
        await SetSchemaVersionAsync(DuckDbWarehouse.KnownSchemaVersion - 1);

        var result = await CliRunner.RunAsync([command[0], "--warehouse", Warehouse, .. command[1..]]);

        Assert.Equal(3, result.Exit);
        Assert.Contains($"has schema version {DuckDbWarehouse.KnownSchemaVersion - 1}; this build of RxAtlas needs version {DuckDbWarehouse.KnownSchemaVersion}", result.Err, StringComparison.Ordinal);
        Assert.Contains("'rxatlas migrate'", result.Err, StringComparison.Ordinal);
        Assert.Equal(DuckDbWarehouse.KnownSchemaVersion - 1, await SchemaVersionAsync());
    }

    [Fact]
    public async Task Migrate_UpgradesAnOlderSchema_ThenReadingCommandsWork()
    {
        await LoadAsync();
        await SetSchemaVersionAsync(DuckDbWarehouse.KnownSchemaVersion - 1);

        var migrate = await CliRunner.RunAsync("migrate", "--warehouse", Warehouse);
        var again = await CliRunner.RunAsync("migrate", "--warehouse", Warehouse);
        var query = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", "SELECT count(DISTINCT month) AS months FROM prescribing");

        Assert.True(migrate.Exit == 0, migrate.Err);
        Assert.Contains($"schema upgraded from version {DuckDbWarehouse.KnownSchemaVersion - 1} to {DuckDbWarehouse.KnownSchemaVersion}.", migrate.Out, StringComparison.Ordinal);
        Assert.Contains($"schema already at version {DuckDbWarehouse.KnownSchemaVersion}; nothing to do.", again.Out, StringComparison.Ordinal);
        Assert.True(query.Exit == 0, query.Err);
        Assert.Equal("months\n1\n", query.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Migrate_OnANewFile_CreatesTheSchema()
    {
        var migrate = await CliRunner.RunAsync("migrate", "--warehouse", Warehouse);

        Assert.True(migrate.Exit == 0, migrate.Err);
        Assert.Contains($"schema created at version {DuckDbWarehouse.KnownSchemaVersion}.", migrate.Out, StringComparison.Ordinal);
        Assert.Equal(DuckDbWarehouse.KnownSchemaVersion, await SchemaVersionAsync());
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("migrate")]
    [InlineData("check")]
    public async Task WritingCommand_OnASchemaNewerThanThisBuild_IsRefusedWithExitCode3AndChangesNothing(string command)
    {
        await LoadAsync();
        await SetSchemaVersionAsync(DuckDbWarehouse.KnownSchemaVersion + 1);
        var checksBefore = await CountAsync("meta.check_results");
        var loadsBefore = await CountAsync("meta.loads");

        string[] args = command == "ingest" ? ["ingest", "--warehouse", Warehouse, _dir["gen"]] : [command, "--warehouse", Warehouse];
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(3, result.Exit);
        Assert.Contains($"schema version {DuckDbWarehouse.KnownSchemaVersion + 1}, newer than this build of RxAtlas knows ({DuckDbWarehouse.KnownSchemaVersion})", result.Err, StringComparison.Ordinal);
        Assert.Equal(DuckDbWarehouse.KnownSchemaVersion + 1, await SchemaVersionAsync());
        Assert.Equal(checksBefore, await CountAsync("meta.check_results"));
        Assert.Equal(loadsBefore, await CountAsync("meta.loads"));
    }

    [Fact]
    public async Task Query_OnANewerSchemaMarkedReadableByThisBuild_Works()
    {
        await LoadAsync();
        await SetSchemaVersionAsync(DuckDbWarehouse.KnownSchemaVersion + 1);

        var result = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", "SELECT count(DISTINCT month) AS months FROM prescribing");

        Assert.True(result.Exit == 0, result.Err);
        Assert.Equal(DuckDbWarehouse.KnownSchemaVersion + 1, await SchemaVersionAsync());
    }

    private async Task SetSchemaVersionAsync(int version)
    {
        await using var connection = new DuckDBConnection($"Data Source={Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE meta.info SET value = '{version}' WHERE key = 'schema_version'";
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<int> SchemaVersionAsync() =>
        int.Parse((string)(await ScalarAsync("SELECT value FROM meta.info WHERE key = 'schema_version'"))!, CultureInfo.InvariantCulture);

    private async Task<long> CountAsync(string table) => Convert.ToInt64(await ScalarAsync($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
