using System.Collections.Concurrent;
using System.Data.Common;
using DuckDB.NET.Data;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>
/// A new <see cref="DuckDBConnection"/> per unit of work (DuckDB connections are not thread-safe, but many connections to
/// one database in one process are, with MVCC between them). DuckDB.NET shares one database instance per file among a
/// process's open connections, so opening one is cheap while any other is open; a keep-alive connection holds it loaded.
/// </summary>
internal sealed class DuckDbConnectionSource : IConnectionSource, IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteLocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> RunStoreLocks = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private DuckDBConnection? _keepAlive;

    public DuckDbConnectionSource(string fullPath, bool readOnly, string? memoryLimit = null)
    {
        FullPath = fullPath;
        var builder = new DbConnectionStringBuilder { ["Data Source"] = fullPath };
        if (readOnly) builder["ACCESS_MODE"] = "READ_ONLY";
        // User SQL (IWarehouse.QueryAsync) must not read or write arbitrary files (read_csv, COPY, ATTACH, extension installs).
        builder["enable_external_access"] = "false";
        // Caps the buffer pool; larger sorts and hash tables spill to the default temp directory (<file>.tmp).
        if (memoryLimit is not null) builder["memory_limit"] = DuckDbMemoryLimit.Validate(memoryLimit);
        _connectionString = builder.ConnectionString;
        WriteLock = WriteLocks.GetOrAdd(fullPath, _ => new SemaphoreSlim(1, 1));
        RunStoreLock = RunStoreLocks.GetOrAdd(fullPath, _ => new SemaphoreSlim(1, 1));
    }

    public string FullPath { get; }

    /// <summary>Serialises writers within this process (DuckDB allows one writing process; concurrent writers in it would
    /// conflict on the same rows).</summary>
    public SemaphoreSlim WriteLock { get; }

    /// <summary>Serialises run-history writes (separately from <see cref="WriteLock"/>: they touch only <c>meta.dag_runs</c> and
    /// <c>meta.task_instances</c>, which no load writes, so MVCC lets them commit while a load is open).</summary>
    public SemaphoreSlim RunStoreLock { get; }

    public ISqlDialect Dialect => DuckDbDialect.Instance;

    public async Task KeepOpenAsync(CancellationToken cancellationToken)
    {
        if (_keepAlive is not null) return;
        _keepAlive = (DuckDBConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new DuckDBConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new WarehouseInUseException(
                $"The warehouse {FullPath} is in use by another process. DuckDB lets one process write a file at a time, and while " +
                "one writes no other may open it; several processes may read it at once only if all open it read-only.", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is { } connection)
        {
            _keepAlive = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
