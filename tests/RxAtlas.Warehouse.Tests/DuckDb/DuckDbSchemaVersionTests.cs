using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.DuckDb;

/// <summary>A DuckDB file's <c>schema_version</c> against <see cref="DuckDbSchema.Version"/>: a newer one is never written to
/// (nor read unless marked readable), an older one is upgraded only by a migrating open.</summary>
public sealed class DuckDbSchemaVersionTests : IAsyncLifetime
{
    private static readonly YearMonth Month = new(2024, 1);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-tests", Guid.NewGuid().ToString("N"));
    private string FilePath => Path.Combine(_folder, "rxatlas.duckdb");

    public async Task InitializeAsync()
    {
        await using var warehouse = new DuckDbWarehouse(FilePath);
        await warehouse.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Load_OnASchemaNewerThanThisBuild_IsRefusedAndChangesNothing()
    {
        await SetInfoAsync("schema_version", DuckDbSchema.Version + 1);
        await SetInfoAsync("min_reader_version", DuckDbSchema.Version);

        await using (var warehouse = new DuckDbWarehouse(FilePath))
        {
            var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => warehouse.LoadMonthAsync(FakeMonths.Release(Month, seed: 1)));
            Assert.Contains($"schema version {DuckDbSchema.Version + 1}, newer than this build of RxAtlas knows ({DuckDbSchema.Version})", refused.Message, StringComparison.Ordinal);
            Assert.Contains(FilePath, refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal((DuckDbSchema.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await InfoAsync("schema_version"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM meta.loads"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NonMigratingOpen_NewerSchemaMarkedReadable_ReadsButNeverWrites(bool readOnly)
    {
        await SetInfoAsync("schema_version", DuckDbSchema.Version + 1);
        await SetInfoAsync("min_reader_version", DuckDbSchema.Version);

        await using var warehouse = new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { Migrate = false, ReadOnly = readOnly });

        Assert.Empty(await warehouse.LoadedMonthsAsync());
        if (!readOnly) await Assert.ThrowsAsync<WarehouseSchemaException>(() => warehouse.CheckAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NonMigratingOpen_NewerSchemaNotReadableByThisBuild_IsRefused(bool readOnly)
    {
        await SetInfoAsync("schema_version", DuckDbSchema.Version + 1);
        await SetInfoAsync("min_reader_version", DuckDbSchema.Version + 1);

        await using var warehouse = new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { Migrate = false, ReadOnly = readOnly });

        var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => warehouse.LoadedMonthsAsync());
        Assert.Contains("cannot read", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NonMigratingOpen_OlderSchema_NamesTheUpgradeCommandAndChangesNothing(bool readOnly)
    {
        await SetInfoAsync("schema_version", DuckDbSchema.Version - 1);

        await using (var warehouse = new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { Migrate = false, ReadOnly = readOnly }))
        {
            var refused = await Assert.ThrowsAsync<WarehouseSchemaException>(() => warehouse.Queries.MonthsAsync());
            Assert.Contains($"schema version {DuckDbSchema.Version - 1}; this build of RxAtlas needs version {DuckDbSchema.Version}", refused.Message, StringComparison.Ordinal);
            Assert.Contains("'rxatlas migrate'", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal((DuckDbSchema.Version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await InfoAsync("schema_version"));
    }

    [Fact]
    public async Task Migrate_OlderSchema_UpgradesItAndRecordsTheOldestReader()
    {
        await SetInfoAsync("schema_version", DuckDbSchema.Version - 1);

        await using (var warehouse = new DuckDbWarehouse(FilePath))
        {
            await warehouse.MigrateAsync();
            Assert.Equal(new SchemaVersion(DuckDbSchema.Version, DuckDbSchema.MinReaderVersion, DuckDbSchema.Version), await warehouse.SchemaVersionAsync());
        }

        Assert.Equal(DuckDbSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), await InfoAsync("schema_version"));
    }

    private async Task SetInfoAsync(string key, int value)
    {
        await using var connection = new DuckDBConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT OR REPLACE INTO meta.info (key, value) VALUES ('{key}', '{value}')";
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> InfoAsync(string key) => (string?)await ScalarAsync($"SELECT value FROM meta.info WHERE key = '{key}'");

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
