using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;

namespace RxAtlas.Web.Tests;

/// <summary>Every API answer over a real DuckDB warehouse equals the answer computed independently by the in-memory fake.</summary>
public sealed class DuckDbWebApiTests : RealWarehouseApiTests
{
    protected override Task<IWarehouse> CreateEmptyWarehouseAsync(string folder) =>
        Task.FromResult<IWarehouse>(new DuckDbWarehouse(Path.Combine(folder, "w.duckdb")));
}
