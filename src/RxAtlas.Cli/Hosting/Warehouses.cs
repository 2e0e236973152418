using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Cli.Hosting;

/// <summary>Opens the warehouse a <c>--warehouse</c> value (or <c>RXATLAS_WAREHOUSE</c>, or the default) names, migrated and ready.</summary>
public static class Warehouses
{
    public static async Task<IWarehouse> OpenAsync(string? value, CancellationToken cancellationToken = default)
    {
        var location = WarehouseLocation.Resolve(value);
        IWarehouse warehouse = location.Engine switch
        {
            WarehouseLocation.DuckDb => DuckDbWarehouse.Open(location),
            WarehouseLocation.Postgres => PostgresWarehouse.Open(location),
            _ => throw new ArgumentException($"Unknown warehouse engine '{location.Engine}'."),
        };
        try
        {
            await warehouse.MigrateAsync(cancellationToken);
            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }
    }
}
