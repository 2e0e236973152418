using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Cli.Hosting;

/// <summary>Opens the warehouse a <c>--warehouse</c> value (or <c>RXATLAS_WAREHOUSE</c>, or the default) names: migrated for
/// commands that write, only version-checked for commands that read (which then need nothing but SELECT rights on
/// PostgreSQL). Either way a schema newer than this build knows is refused (<see cref="WarehouseSchemaException"/>, exit 3).</summary>
public static class Warehouses
{
    /// <summary>Opens (creating a DuckDB file if there is none) the warehouse for commands that load. <paramref name="notices"/>
    /// is told when a write has to wait for another process writing the same PostgreSQL warehouse.</summary>
    public static Task<IWarehouse> OpenAsync(string? value, TextWriter? notices = null, CancellationToken cancellationToken = default) =>
        OpenAsync(WarehouseLocation.Resolve(value), readOnly: false, migrate: true, notices, cancellationToken);

    /// <summary>Opens a warehouse that must already exist, for commands that only read it (query, check, serve, runs): a
    /// mistyped DuckDB path is an error rather than a new, empty warehouse, and the schema is never created or upgraded —
    /// only its version checked (an older one names the command that upgrades it). <paramref name="readOnly"/> opens a DuckDB
    /// file so that other read-only processes may open it too, and on either engine makes every write (recording check
    /// results) a refusal rather than an attempt.</summary>
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
        return OpenAsync(location, readOnly, migrate: false, notices, cancellationToken);
    }

    private static async Task<IWarehouse> OpenAsync(WarehouseLocation location, bool readOnly, bool migrate, TextWriter? notices,
        CancellationToken cancellationToken)
    {
        var warehouse = Create(location, readOnly, migrate, notices);
        try
        {
            await warehouse.EnsureSchemaAsync(cancellationToken);
            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }
    }

    /// <summary>The warehouse, not yet opened (nothing is read, created or migrated until its first call).</summary>
    internal static SqlWarehouse Create(WarehouseLocation location, bool readOnly, bool migrate, TextWriter? notices) =>
        location.Engine switch
        {
            WarehouseLocation.DuckDb => DuckDbWarehouse.Open(location, new DuckDbWarehouseOptions { ReadOnly = readOnly, Migrate = migrate }),
            WarehouseLocation.Postgres => PostgresWarehouse.Open(location, new PostgresWarehouseOptions
            {
                ReadOnly = readOnly,
                Migrate = migrate,
                WaitingForWriter = notices is null ? null : holder => notices.WriteLine(WaitingMessage(location, holder)),
            }),
            _ => throw new ArgumentException($"Unknown warehouse engine '{location.Engine}'."),
        };

    /// <summary>What a write queued behind another process's write prints before it waits.</summary>
    public static string WaitingMessage(WarehouseLocation location, string holder) =>
        $"Waiting for another process writing {PostgresTarget.DisplayName(location.Target)} to finish: {holder}.";
}
