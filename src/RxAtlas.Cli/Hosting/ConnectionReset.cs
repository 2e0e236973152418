using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Cli.Hosting;

/// <summary>After a lost database connection (a PostgreSQL restart), empties the warehouse's connection pool: its idle
/// connections are dead too, and a retry handed one of them would fail again at once (57P01).</summary>
internal static class ConnectionReset
{
    /// <summary>What to call when a task, a run-store write or a scheduled fire lost its connection; null for warehouses with
    /// no pool (DuckDB).</summary>
    public static Action<Exception>? For(IWarehouse warehouse) =>
        warehouse is PostgresWarehouse postgres ? _ => postgres.DataSource.Clear() : null;
}
