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
public sealed class DuckDbWarehouse : SqlWarehouse
{
    private readonly DuckDbConnectionSource _connections;
    private readonly DuckDbWarehouseOptions _options;
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private SchemaVersion? _schema;

    /// <param name="path">The database file; its folder is created. Defaults to <see cref="WarehouseLocation.Default"/>.</param>
    public DuckDbWarehouse(string? path = null, DuckDbWarehouseOptions? options = null)
        : base(new DuckDbWriter((options ?? new DuckDbWarehouseOptions()).TimeProvider))
    {
        _options = options ?? new DuckDbWarehouseOptions();
        var fullPath = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? WarehouseLocation.Default.Target : path);
        if (!_options.ReadOnly && Path.GetDirectoryName(fullPath) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        if (_options.LoadMemoryLimit is { } load) DuckDbMemoryLimit.Validate(load);
        _connections = new DuckDbConnectionSource(fullPath, _options.ReadOnly, _options.MemoryLimit);
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

    /// <summary>The newest schema version this build knows (a file's <c>meta.info</c> <c>schema_version</c>).</summary>
    public const int KnownSchemaVersion = DuckDbSchema.Version;

    public override string Engine => WarehouseLocation.DuckDb;

    public override string DisplayName => $"duckdb:{_connections.FullPath}";

    protected override ISqlDialect Dialect => DuckDbDialect.Instance;

    /// <summary>The database file.</summary>
    public string FilePath => _connections.FullPath;

    public override async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateCoreAsync(migrate: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    public override async Task<SchemaVersion> SchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DuckDbSchema.ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A month load runs with DuckDB's memory capped at <see cref="DuckDbWarehouseOptions.LoadMemoryLimit"/> (spilling
    /// to disk beyond it); the database's own limit is restored afterwards.</summary>
    protected override Task<IAsyncDisposable> BeginLoadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        DuckDbMemoryLimit.ApplyAsync((DuckDBConnection)connection, _options.LoadMemoryLimit, _options.MemoryLimit, cancellationToken);

    /// <summary>Runs one read-only SELECT (DuckDB's parser must accept it as a single SELECT statement); it runs in a
    /// transaction that is always rolled back.</summary>
    /// <exception cref="ArgumentException">Not a single SELECT statement.</exception>
    public override Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consume);
        return ReadAsync(async connection =>
        {
            await DuckDbReadOnlySql.EnsureSingleSelectAsync((DuckDBConnection)connection, sql, cancellationToken).ConfigureAwait(false);
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

    public override async ValueTask DisposeAsync()
    {
        await _connections.DisposeAsync().ConfigureAwait(false);
        _migrateLock.Dispose();
    }

    public override async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _schema) is not null) return;
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schema is null) await MigrateCoreAsync(_options.Migrate, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    /// <summary>Migrates (refusing a schema newer than this build's) or, when <paramref name="migrate"/> is false or the file
    /// is open read-only, only checks that this build can read the schema.</summary>
    private async Task MigrateCoreAsync(bool migrate, CancellationToken cancellationToken)
    {
        if (_options.KeepDatabaseOpen) await _connections.KeepOpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await DuckDbSchema.ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (migrate && !_options.ReadOnly)
        {
            WarehouseSchemaException.ThrowIfNewer(found, DisplayName);
            await DuckDbSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            found = await DuckDbSchema.ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            WarehouseSchemaException.ThrowUnlessReadable(found, DisplayName);
        }
        Volatile.Write(ref _schema, found);
    }

    protected override bool IsReadOnly => _options.ReadOnly;

    protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = (DuckDBConnection)await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_options.ReadOnly) throw new InvalidOperationException($"{DisplayName} is open read-only.");
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        WarehouseSchemaException.ThrowUnlessWritable(_schema!, DisplayName);
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
            await warehouse.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return await warehouse._connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
