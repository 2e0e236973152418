using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Tests.Postgres;

public sealed class PostgresMigratorTests
{
    [Fact]
    public void All_EmbeddedMigrations_AreNumberedFromOneWithoutGaps()
    {
        Assert.NotEmpty(PostgresMigrator.All);
        Assert.Equal(Enumerable.Range(1, PostgresMigrator.All.Count), PostgresMigrator.All.Select(m => m.Version));
        Assert.Equal("star_schema", PostgresMigrator.All[0].Name);
    }

    [Fact]
    public void Migrations_DefineEverySharedViewWithTheSharedText()
    {
        var sql = Normalise(string.Join("\n", PostgresMigrator.All.Select(m => m.Sql)));

        // A change to WarehouseSql.Views needs a new PostgreSQL migration: this fails until one exists.
        Assert.All(WarehouseSql.Views, view => Assert.Contains(Normalise(view), sql, StringComparison.Ordinal));
    }

    [Fact]
    public void StarSchema_PartitionsTheFactByMonth()
    {
        var sql = PostgresMigrator.All[0].Sql;

        Assert.Contains(") PARTITION BY LIST (month_key);", sql, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE meta.info", sql, StringComparison.Ordinal);
    }

    private static string Normalise(string sql) => string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
