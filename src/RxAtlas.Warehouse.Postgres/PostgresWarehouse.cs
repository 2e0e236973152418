using System.Data.Common;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Postgres.Loading;
using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>The PostgreSQL warehouse engine: the same star schema, views, checks, queries and run history as DuckDB (the
/// engine-neutral parts are literally shared), on a server. The fact is partitioned by month; loads use binary COPY.</summary>
/// <remarks>All connections come from one pooled <see cref="NpgsqlDataSource"/>. The password never appears in
/// <see cref="DisplayName"/> or in messages this type writes. The schema is migrated on first use if
/// <see cref="MigrateAsync"/> was not called (or, with <see cref="PostgresWarehouseOptions.Migrate"/> off, only checked). Writes (loads, upserts, checks, publish) are serialised within the process and,
/// through a PostgreSQL advisory lock, across processes; reads of other months never wait for them (MVCC), reads of a
/// month being reloaded wait for its commit.</remarks>
public sealed class PostgresWarehouse : SqlWarehouse
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWarehouseOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _runStoreLock = new(1, 1);
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private SchemaVersion? _schema;

    /// <param name="target"><c>postgres://user:password@host:port/database</c> or an Npgsql connection string.</param>
    /// <param name="options">Clock and run owner; defaults otherwise.</param>
    public PostgresWarehouse(string target, PostgresWarehouseOptions? options = null)
        : base(new PostgresWriter((options ?? new PostgresWarehouseOptions()).TimeProvider, (options ?? new PostgresWarehouseOptions()).LoadWorkMem,
            (options ?? new PostgresWarehouseOptions()).FactWriters))
    {
        _options = options ?? new PostgresWarehouseOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.FactWriters, 1, nameof(options));
        if (!IsMemorySize(_options.LoadWorkMem))
            throw new ArgumentException($"LoadWorkMem '{_options.LoadWorkMem}' is not a PostgreSQL memory size such as 256MB.", nameof(options));
        var builder = PostgresTarget.ToConnectionString(target);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "rxatlas";
        _dataSource = NpgsqlDataSource.Create(builder);
        DisplayName = PostgresTarget.DisplayName(target);
        var connections = new MigratingSource(this);
        Queries = new SqlPrescribingQueries(connections);
        // Run history has its own lock: a task must be able to log while its month load holds the write lock.
        Runs = new SqlRunStore(connections, _runStoreLock, _options.RunOwner ?? RunOwner.Current);
    }

    /// <summary>Opens the warehouse a <see cref="WarehouseLocation"/> names (engine must be <c>postgres</c>).</summary>
    public static PostgresWarehouse Open(WarehouseLocation location, PostgresWarehouseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Engine != WarehouseLocation.Postgres) throw new ArgumentException($"Not a PostgreSQL location: {location}.", nameof(location));
        return new PostgresWarehouse(location.Target, options);
    }

    public override string Engine => WarehouseLocation.Postgres;

    /// <summary><c>postgres://user@host:port/database</c> — never the password.</summary>
    public override string DisplayName { get; }

    protected override ISqlDialect Dialect => PostgresDialect.Instance;

    /// <summary>The pooled data source, for tools (benchmarks, tests) that need raw access.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    public override async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PostgresMigrator.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
            _schema = await PostgresMigrator.ReadVersionAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    public override Task<SchemaVersion> SchemaVersionAsync(CancellationToken cancellationToken = default) =>
        PostgresMigrator.ReadVersionAsync(_dataSource, cancellationToken);

    /// <summary>Migrates (when <see cref="PostgresWarehouseOptions.Migrate"/>) or checks that this build can read the schema,
    /// once.</summary>
    public override async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _schema) is not null) return;
        if (_options.Migrate && !_options.ReadOnly)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schema is not null) return;
            var found = await PostgresMigrator.ReadVersionAsync(_dataSource, cancellationToken).ConfigureAwait(false);
            WarehouseSchemaException.ThrowUnlessReadable(found, DisplayName);
            _schema = found;
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    protected override bool IsReadOnly => _options.ReadOnly;

    /// <summary>Runs one read-only SELECT in a READ ONLY transaction that is always rolled back.</summary>
    /// <exception cref="ArgumentException">Not a single statement, not valid SQL, or an attempt to write.</exception>
    public override async Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consume);
        if (string.IsNullOrWhiteSpace(sql)) throw new ArgumentException("The query is empty.", nameof(sql));
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Sql.ExecAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken).ConfigureAwait(false);
            await PostgresReadOnlySql.EnsureSingleSelectAsync(connection, sql, cancellationToken).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await consume(reader).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection broke; the server discards the transaction. Keep the original exception.
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
        _runStoreLock.Dispose();
        _migrateLock.Dispose();
    }

    private static bool IsMemorySize(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, "^[0-9]{1,9}(kB|MB|GB)$");

    protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_options.ReadOnly) throw new InvalidOperationException($"{DisplayName} is open read-only.");
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        WarehouseSchemaException.ThrowUnlessWritable(_schema!, DisplayName);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await WriterLock.AcquireAsync(connection, _options.WaitingForWriter, cancellationToken).ConfigureAwait(false);
            try
            {
                // Another process (a newer build) may have migrated since this one opened: a long-running schedule must not
                // go on writing into a schema it does not know.
                WarehouseSchemaException.ThrowUnlessWritable(
                    await PostgresMigrator.ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false), DisplayName);
                return await work(connection).ConfigureAwait(false);
            }
            finally
            {
                await WriterLock.ReleaseQuietlyAsync(connection).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Makes sure the schema exists before the shared query and run-store code opens a connection.</summary>
    private sealed class MigratingSource(PostgresWarehouse warehouse) : IConnectionSource
    {
        public ISqlDialect Dialect => PostgresDialect.Instance;

        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
        {
            await warehouse.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return await warehouse._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
