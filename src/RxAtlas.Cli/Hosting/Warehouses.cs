using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Cli.Hosting;

/// <summary>Opens the warehouse a <c>--warehouse</c> value (or <c>RXATLAS_WAREHOUSE</c>, or the default) names, migrated and ready.</summary>
public static class Warehouses
{
    /// <summary>Opens (creating a DuckDB file if there is none) the warehouse for commands that load. <paramref name="notices"/>
    /// is told when a write has to wait for another process writing the same PostgreSQL warehouse.</summary>
    public static Task<IWarehouse> OpenAsync(string? value, TextWriter? notices = null, CancellationToken cancellationToken = default) =>
        OpenAsync(WarehouseLocation.Resolve(value), readOnly: false, notices, cancellationToken);

    /// <summary>Opens a warehouse that must already exist, for commands that only read it (query, check, serve, runs): a
    /// mistyped DuckDB path is an error rather than a new, empty warehouse. <paramref name="readOnly"/> opens a DuckDB file so
    /// that other read-only processes may open it too (a PostgreSQL server takes many users either way).</summary>
    public static Task<IWarehouse> OpenExistingAsync(string? value, bool readOnly = false, TextWriter? notices = null,
        CancellationToken cancellationToken = default)
    {
        var location = WarehouseLocation.Resolve(value);
        if (location.Engine == WarehouseLocation.DuckDb && !File.Exists(location.Target))
        {
            throw new FileNotFoundException(
                $"There is no warehouse at {Path.GetFullPath(location.Target)}. Load one first ('rxatlas ingest', 'rxatlas demo'), or give " +
                $"--warehouse (or {WarehouseLocation.EnvironmentVariable}) the one to use.", location.Target);
        }
        return OpenAsync(location, readOnly, notices, cancellationToken);
    }

    private static async Task<IWarehouse> OpenAsync(WarehouseLocation location, bool readOnly, TextWriter? notices, CancellationToken cancellationToken)
    {
        IWarehouse warehouse = location.Engine switch
        {
            WarehouseLocation.DuckDb => DuckDbWarehouse.Open(location, new DuckDbWarehouseOptions { ReadOnly = readOnly }),
            WarehouseLocation.Postgres => PostgresWarehouse.Open(location, new PostgresWarehouseOptions
            {
                WaitingForWriter = notices is null ? null : holder => notices.WriteLine(WaitingMessage(location, holder)),
            }),
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

    /// <summary>What a write queued behind another process's write prints before it waits.</summary>
    public static string WaitingMessage(WarehouseLocation location, string holder) =>
        $"Waiting for another process writing {PostgresTarget.DisplayName(location.Target)} to finish: {holder}.";
}
