using System.Data.Common;
using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>The embedded DuckDB warehouse: one file (default <c>./data/rxatlas.duckdb</c>), a star schema with compact integer
/// keys, the documented views, rollups for the web app and run history in the <c>meta</c> schema.</summary>
/// <remarks>
/// Thread-safe: every call opens its own connection; writes are serialised within the process. DuckDB lets one process
/// write a file at a time (or several open it <see cref="DuckDbWarehouseOptions.ReadOnly"/>).
/// </remarks>
public sealed class DuckDbWarehouse : IWarehouse
{
    private readonly DuckDbConnectionSource _connections;
    private readonly DuckDbWarehouseOptions _options;
    private readonly DuckDbWriter _writer;
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private bool _migrated;

    /// <param name="path">The database file; its folder is created. Defaults to <see cref="WarehouseLocation.Default"/>.</param>
    public DuckDbWarehouse(string? path = null, DuckDbWarehouseOptions? options = null)
    {
        _options = options ?? new DuckDbWarehouseOptions();
        var fullPath = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? WarehouseLocation.Default.Target : path);
        if (!_options.ReadOnly && Path.GetDirectoryName(fullPath) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        if (_options.LoadMemoryLimit is { } load) DuckDbMemoryLimit.Validate(load);
        _connections = new DuckDbConnectionSource(fullPath, _options.ReadOnly, _options.MemoryLimit);
        _writer = new DuckDbWriter(_options.TimeProvider);
        Queries = new SqlPrescribingQueries(new MigratingSource(this));
        // Run history has its own lock: a task must be able to log while its month load holds the warehouse write lock.
        Runs = new SqlRunStore(new MigratingSource(this), _connections.RunStoreLock, _options.RunOwner ?? RunOwner.Current);
    }

    /// <summary>Opens the warehouse a <see cref="WarehouseLocation"/> names (engine must be <c>duckdb</c>).</summary>
    public static DuckDbWarehouse Open(WarehouseLocation location, DuckDbWarehouseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Engine != WarehouseLocation.DuckDb) throw new ArgumentException($"Not a DuckDB location: {location}.", nameof(location));
        return new DuckDbWarehouse(location.Target, options);
    }

    public string Engine => WarehouseLocation.DuckDb;

    public string DisplayName => $"duckdb:{_connections.FullPath}";

    /// <summary>The database file.</summary>
    public string FilePath => _connections.FullPath;

    public IPrescribingQueries Queries { get; }

    public IRunStore Runs { get; }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        return WriteAsync(async connection =>
        {
            await using var limit = await DuckDbMemoryLimit.ApplyAsync(connection, _options.LoadMemoryLimit, _options.MemoryLimit, cancellationToken).ConfigureAwait(false);
            return await _writer.LoadMonthAsync(connection, release, rowsRead, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteAsync(async connection =>
        {
            await _writer.UpsertReferenceAsync(connection, data, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default) =>
        WriteAsync(connection => _writer.CheckAsync(connection, month, cancellationToken), cancellationToken);

    /// <summary>Rebuilds the rollups of any month not rolled up yet (loads do it themselves), marks months loaded since the last
    /// publish as published, and bumps the data version.</summary>
    public Task PublishAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(async connection =>
        {
            await _writer.PublishAsync(connection, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<long> DataVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => _writer.DataVersionAsync(connection, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default) => Queries.MonthsAsync(cancellationToken);

    public Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<string>>(async connection => await new SqlText(DuckDbDialect.Instance).Append(WarehouseSql.PostcodesWithoutLocation).ListAsync(connection, r => r.GetString(0), cancellationToken: cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <summary>Runs one read-only SELECT (DuckDB's parser must accept it as a single SELECT statement); it runs in a
    /// transaction that is always rolled back.</summary>
    /// <exception cref="ArgumentException">Not a single SELECT statement.</exception>
    public Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consume);
        return ReadAsync(async connection =>
        {
            await DuckDbReadOnlySql.EnsureSingleSelectAsync(connection, sql, cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await consume(reader).ConfigureAwait(false);
            }
            finally
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _connections.DisposeAsync().ConfigureAwait(false);
        _migrateLock.Dispose();
    }

    private async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _migrated)) return;
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated) await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    private async Task MigrateCoreAsync(CancellationToken cancellationToken)
    {
        if (_options.KeepDatabaseOpen) await _connections.KeepOpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_options.ReadOnly)
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await DuckDbSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        Volatile.Write(ref _migrated, true);
    }

    private async Task<T> ReadAsync<T>(Func<DuckDBConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = (DuckDBConnection)await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    private async Task<T> WriteAsync<T>(Func<DuckDBConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_options.ReadOnly) throw new InvalidOperationException($"{DisplayName} is open read-only.");
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await _connections.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = (DuckDBConnection)await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        finally
        {
            _connections.WriteLock.Release();
        }
    }

    /// <summary>Makes sure the schema exists before the shared query and run-store code opens a connection.</summary>
    private sealed class MigratingSource(DuckDbWarehouse warehouse) : IConnectionSource
    {
        public ISqlDialect Dialect => DuckDbDialect.Instance;

        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
        {
            await warehouse.EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            return await warehouse._connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
