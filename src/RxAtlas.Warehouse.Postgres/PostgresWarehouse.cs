using System.Data.Common;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
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
/// <see cref="MigrateAsync"/> was not called. Writes are serialised within the process; several processes may read.</remarks>
public sealed class PostgresWarehouse : IWarehouse
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWarehouseOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private bool _migrated;

    /// <param name="target"><c>postgres://user:password@host:port/database</c> or an Npgsql connection string.</param>
    /// <param name="options">Clock and run owner; defaults otherwise.</param>
    public PostgresWarehouse(string target, PostgresWarehouseOptions? options = null)
    {
        var builder = PostgresTarget.ToConnectionString(target);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "rxatlas";
        _dataSource = NpgsqlDataSource.Create(builder);
        _options = options ?? new PostgresWarehouseOptions();
        if (!IsMemorySize(_options.LoadWorkMem))
            throw new ArgumentException($"LoadWorkMem '{_options.LoadWorkMem}' is not a PostgreSQL memory size such as 256MB.", nameof(options));
        DisplayName = PostgresTarget.DisplayName(target);
        var connections = new MigratingSource(this);
        Queries = new SqlPrescribingQueries(connections);
        Runs = new SqlRunStore(connections, _writeLock, _options.RunOwner ?? RunOwner.Current);
    }

    /// <summary>Opens the warehouse a <see cref="WarehouseLocation"/> names (engine must be <c>postgres</c>).</summary>
    public static PostgresWarehouse Open(WarehouseLocation location, PostgresWarehouseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Engine != WarehouseLocation.Postgres) throw new ArgumentException($"Not a PostgreSQL location: {location}.", nameof(location));
        return new PostgresWarehouse(location.Target, options);
    }

    public string Engine => WarehouseLocation.Postgres;

    /// <summary><c>postgres://user@host:port/database</c> — never the password.</summary>
    public string DisplayName { get; }

    public IPrescribingQueries Queries { get; }

    public IRunStore Runs { get; }

    /// <summary>The pooled data source, for tools (benchmarks, tests) that need raw access.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PostgresMigrator.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        return WriteAsync(() => new PostgresMonthLoader(_dataSource, _options.TimeProvider, _options.LoadWorkMem).LoadAsync(release, rowsRead, cancellationToken), cancellationToken);
    }

    public Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteAsync(() => InTransactionAsync<bool>(async (c, _, ct) =>
        {
            await ReferenceUpsert.UpsertAsync(c, data, ct).ConfigureAwait(false);
            await BumpDataVersionAsync(c, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default) =>
        WriteAsync(() => InTransactionAsync<IReadOnlyList<CheckResult>>(async (c, tx, ct) =>
        {
            var loads = await PostgresMonthLoader.ExpectationsAsync(c, month, ct).ConfigureAwait(false);
            if (month is { } wanted && loads.Count == 0)
                return [new CheckResult("month_loaded", CheckSeverity.Error, false, wanted, $"{wanted} has not been loaded")];
            var results = new List<CheckResult>();
            foreach (var (m, expected) in loads)
                results.AddRange(await QualityChecks.RunAsync(c, tx, PostgresDialect.Instance, m, expected, ct).ConfigureAwait(false));
            await QualityChecks.RecordAsync(c, tx, PostgresDialect.Instance, results, _options.TimeProvider.GetUtcNow(), ct).ConfigureAwait(false);
            return results;
        }, cancellationToken), cancellationToken);

    /// <summary>Rebuilds the rollups of any month not rolled up yet (loads normally do it themselves), marks every month
    /// loaded since the last publish as published, and bumps the data version — in one transaction, like DuckDB.</summary>
    public Task PublishAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(() => InTransactionAsync<bool>(async (c, _, ct) =>
        {
            var months = new List<int>();
            await using (var cmd = new NpgsqlCommand("SELECT month_key FROM meta.loads WHERE NOT rolled_up ORDER BY month_key", c))
            await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) months.Add(reader.GetInt32(0));
            }
            await Sql.ExecAsync(c, $"SET LOCAL work_mem = '{_options.LoadWorkMem}'", ct).ConfigureAwait(false);
            foreach (var month in months) await Rollups.RebuildAsync(c, month, ct).ConfigureAwait(false);
            var version = await BumpDataVersionAsync(c, ct).ConfigureAwait(false);
            await Sql.ExecAsync(c, "UPDATE meta.loads SET rolled_up = true, published_version = COALESCE(published_version, $1)", ct, version).ConfigureAwait(false);
            return true;
        }, cancellationToken), cancellationToken);

    public async Task<long> DataVersionAsync(CancellationToken cancellationToken = default)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = _dataSource.CreateCommand("SELECT value::bigint FROM meta.info WHERE key = 'data_version'");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }

    public Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default) => Queries.MonthsAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = _dataSource.CreateCommand(
            """
            SELECT DISTINCT p.postcode FROM dim_practice p
            LEFT JOIN dim_postcode pc ON pc.postcode = p.postcode
            WHERE p.postcode IS NOT NULL AND (pc.latitude IS NULL OR pc.longitude IS NULL)
            ORDER BY p.postcode
            """);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var postcodes = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) postcodes.Add(reader.GetString(0));
        return postcodes;
    }

    /// <summary>Runs one read-only SELECT in a READ ONLY transaction that is always rolled back.</summary>
    /// <exception cref="ArgumentException">Not a single statement, not valid SQL, or an attempt to write.</exception>
    public async Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consume);
        if (string.IsNullOrWhiteSpace(sql)) throw new ArgumentException("The query is empty.", nameof(sql));
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
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
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
        _migrateLock.Dispose();
    }

    public override string ToString() => DisplayName;

    private static async Task<long> BumpDataVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await Sql.ScalarAsync<long>(connection,
            "UPDATE meta.info SET value = (value::bigint + 1)::text WHERE key = 'data_version' RETURNING value::bigint", cancellationToken).ConfigureAwait(false);

    private static bool IsMemorySize(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, "^[0-9]{1,9}(kB|MB|GB)$");

    internal async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (!_migrated) await MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WriteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, tx, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Makes sure the schema exists before the shared query and run-store code opens a connection.</summary>
    private sealed class MigratingSource(PostgresWarehouse warehouse) : IConnectionSource
    {
        public ISqlDialect Dialect => PostgresDialect.Instance;

        public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
        {
            await warehouse.EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            return await warehouse._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
