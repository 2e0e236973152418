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

/// <summary>The PostgreSQL warehouse engine: the same star schema, views, checks and queries as DuckDB, on a server.</summary>
/// <remarks>All connections come from one pooled <see cref="NpgsqlDataSource"/>. The password never appears in
/// <see cref="DisplayName"/> or in exceptions this type raises.</remarks>
public sealed class PostgresWarehouse : IWarehouse
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _runWriteLock = new(1, 1);

    /// <param name="target"><c>postgres://user:password@host:port/database</c> or an Npgsql connection string.</param>
    /// <param name="time">The clock for check timestamps; the system clock by default.</param>
    public PostgresWarehouse(string target, TimeProvider? time = null)
    {
        var builder = PostgresTarget.ToConnectionString(target);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "rxatlas";
        _dataSource = NpgsqlDataSource.Create(builder);
        _time = time ?? TimeProvider.System;
        DisplayName = PostgresTarget.DisplayName(target);
        var connections = new PostgresConnectionSource(_dataSource);
        Queries = new SqlPrescribingQueries(connections);
        Runs = new SqlRunStore(connections, _runWriteLock, RunOwner.Current);
    }

    /// <summary>Opens the warehouse a <see cref="WarehouseLocation"/> with engine <c>postgres</c> names.</summary>
    public static PostgresWarehouse Open(WarehouseLocation location, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Engine != WarehouseLocation.Postgres) throw new ArgumentException($"Not a PostgreSQL location: {location}.", nameof(location));
        return new PostgresWarehouse(location.Target, time);
    }

    public string Engine => WarehouseLocation.Postgres;

    public string DisplayName { get; }

    public IPrescribingQueries Queries { get; }

    public IRunStore Runs { get; }

    /// <summary>The pooled data source, for tools (benchmarks, tests) that need raw access.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => PostgresMigrator.MigrateAsync(_dataSource, cancellationToken);

    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default) =>
        new PostgresMonthLoader(_dataSource, _time).LoadAsync(release, rowsRead, cancellationToken);

    public async Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        await InTransactionAsync((c, _, ct) => ReferenceUpsert.UpsertAsync(c, data, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default)
    {
        var months = month is { } one ? [one] : await LoadedMonthsAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<CheckResult>();
        await InTransactionAsync(async (c, tx, ct) =>
        {
            foreach (var m in months)
            {
                var expected = await PostgresMonthLoader.ExpectationAsync(c, m, ct).ConfigureAwait(false);
                if (expected is null) continue;
                results.AddRange(await QualityChecks.RunAsync(c, tx, PostgresDialect.Instance, m, expected, ct).ConfigureAwait(false));
            }
            await QualityChecks.RecordAsync(c, tx, PostgresDialect.Instance, results, _time.GetUtcNow(), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Rebuilds the rollups of every loaded month (shared SQL, <see cref="WarehouseSql.RebuildRollupsForMonth"/>)
    /// and bumps the data version, in one transaction.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken = default)
    {
        var months = await LoadedMonthsAsync(cancellationToken).ConfigureAwait(false);
        await InTransactionAsync(async (c, tx, ct) =>
        {
            await Sql.ExecAsync(c, "TRUNCATE rollup_practice_month, rollup_bnf_practice_month", ct).ConfigureAwait(false);
            foreach (var m in months)
            {
                foreach (var statement in WarehouseSql.RebuildRollupsForMonth(PostgresDialect.Instance))
                {
                    var sql = new SqlText(PostgresDialect.Instance);
                    sql.Append(statement.Replace(PostgresDialect.Instance.Placeholder("month"), sql.Param(m.Key), StringComparison.Ordinal));
                    await sql.ExecuteAsync(c, tx, ct).ConfigureAwait(false);
                }
            }
            await Sql.ExecAsync(c,
                """
                UPDATE meta.info SET value = (value::bigint + 1)::text WHERE key = 'data_version';
                UPDATE meta.loads SET published_version = (SELECT value::bigint FROM meta.info WHERE key = 'data_version');
                """, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> DataVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT value::bigint FROM meta.info WHERE key = 'data_version'");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT month_key FROM meta.loads ORDER BY month_key");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var months = new List<YearMonth>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) months.Add(YearMonth.FromKey(reader.GetInt32(0)));
        return months;
    }

    public async Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(
            """
            SELECT DISTINCT p.postcode FROM dim_practice p
            WHERE p.postcode IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM dim_postcode pc
                WHERE pc.postcode = p.postcode AND pc.latitude IS NOT NULL)
            ORDER BY 1
            """);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var postcodes = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) postcodes.Add(reader.GetString(0));
        return postcodes;
    }

    public async Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        ArgumentNullException.ThrowIfNull(consume);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecAsync(connection, "SET TRANSACTION READ ONLY", cancellationToken).ConfigureAwait(false);
        await using (var cmd = new NpgsqlCommand(sql, connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await consume(reader).ConfigureAwait(false);
        }
        await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _runWriteLock.Dispose();
    }

    public override string ToString() => DisplayName;

    private async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await work(connection, tx, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
