using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Web.Tests;

/// <summary>Every API answer over a real PostgreSQL warehouse equals the fake's — and so DuckDB's (<see cref="DuckDbWebApiTests"/>):
/// the engines' web answers are identical byte for byte.</summary>
[RequiresPostgres]
public sealed class PostgresWebApiTests : RealWarehouseApiTests
{
    private PostgresTestDatabase? _database;

    protected override async Task<IWarehouse> CreateEmptyWarehouseAsync(string folder)
    {
        _database = await PostgresTestServer.CreateDatabaseAsync();
        return new PostgresWarehouse(_database.ConnectionString);
    }

    protected override async Task DisposeWarehouseAsync(IWarehouse warehouse)
    {
        await base.DisposeWarehouseAsync(warehouse);
        if (_database is not null) await _database.DisposeAsync();
    }
}
