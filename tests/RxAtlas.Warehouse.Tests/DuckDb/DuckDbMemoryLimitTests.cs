using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.DuckDb;

public sealed class DuckDbMemoryLimitTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-tests", Guid.NewGuid().ToString("N"));
    private string FilePath => Path.Combine(_folder, "rxatlas.duckdb");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("256MB")]
    [InlineData("1.5 GiB")]
    [InlineData("2gb")]
    public void Validate_Sizes_AreAccepted(string size) => Assert.Equal(size, DuckDbMemoryLimit.Validate(size));

    [Theory]
    [InlineData("")]
    [InlineData("256")]
    [InlineData("1GB'; DROP TABLE dim_bnf; --")]
    public void Validate_NotASize_Throws(string size) => Assert.Throws<ArgumentException>(() => DuckDbMemoryLimit.Validate(size));

    [Fact]
    public void Constructor_InvalidLoadMemoryLimit_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { LoadMemoryLimit = "lots" }));
    }

    [Theory]
    [InlineData("1GB")]
    [InlineData(null)]
    public async Task LoadMonth_WithLoadMemoryLimit_LoadsAndRestoresTheDatabaseLimit(string? databaseLimit)
    {
        await using var warehouse = new DuckDbWarehouse(FilePath, new DuckDbWarehouseOptions { MemoryLimit = databaseLimit, LoadMemoryLimit = "64MB" });
        await warehouse.MigrateAsync();
        var before = await MemoryLimitAsync(warehouse);

        var report = await warehouse.LoadMonthAsync(FakeMonths.Release(new Core.YearMonth(2024, 1), seed: 1));

        Assert.All(report.Checks.Where(c => c.Severity == CheckSeverity.Error), c => Assert.True(c.Passed, c.Name));
        if (databaseLimit is not null) Assert.StartsWith("953", before, StringComparison.Ordinal); // 1 GB = 953.6 MiB: the option applied
        Assert.Equal(before, await MemoryLimitAsync(warehouse));
    }

    private static async Task<string> MemoryLimitAsync(IWarehouse warehouse)
    {
        string? value = null;
        await warehouse.QueryAsync("SELECT current_setting('memory_limit')", async reader =>
        {
            Assert.True(await reader.ReadAsync());
            value = reader.GetString(0);
        });
        return value!;
    }
}
