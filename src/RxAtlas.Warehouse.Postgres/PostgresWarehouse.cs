using System.Data.Common;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Postgres.Loading;
using RxAtlas.Warehouse.Postgres.Queries;
using RxAtlas.Warehouse.Postgres.Runs;
using RxAtlas.Warehouse.Postgres.Schema;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>The PostgreSQL warehouse engine: the same star schema, views, checks and queries as DuckDB, on a server.</summary>
/// <remarks>All connections come from one pooled <see cref="NpgsqlDataSource"/>. The password never appears in
/// <see cref="DisplayName"/> or in exceptions this type raises.</remarks>
public sealed class PostgresWarehouse : IWarehouse
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <param name="target"><c>postgres://user:password@host:port/database</c> or an Npgsql connection string.</param>
    /// <param name="time">The clock for check timestamps; the system clock by default.</param>
    public PostgresWarehouse(string target, TimeProvider? time = null)
    {
        var builder = PostgresTarget.ToConnectionString(target);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "rxatlas";
        _dataSource = NpgsqlDataSource.Create(builder);
        _time = time ?? TimeProvider.System;
        DisplayName = PostgresTarget.DisplayName(target);
        Queries = new PostgresQueries(_dataSource);
        Runs = new PostgresRunStore(_dataSource);
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
        await InTransactionAsync((c, ct) => ReferenceUpsert.UpsertAsync(c, data, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default)
    {
        List<CheckResult> results = [];
        await InTransactionAsync(async (c, ct) =>
        {
            results = await PostgresChecks.RunAsync(c, month, ct).ConfigureAwait(false);
            await PostgresChecks.RecordAsync(c, results, _time.GetUtcNow(), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return results;
    }

    public Task PublishAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (c, ct) =>
        {
            await Sql.ExecAsync(c,
                """
                TRUNCATE rollup_practice_chapter;
                INSERT INTO rollup_practice_chapter (month_key, practice_key, chapter_code, items, quantity_milli, nic_pence, actual_cost_e5)
                SELECT f.month_key, f.practice_key, left(b.presentation_code, 2),
                       sum(f.items), sum(f.quantity_milli), sum(f.nic_pence), sum(f.actual_cost_e5)
                FROM fact_prescribing f JOIN dim_bnf b USING (bnf_key)
                GROUP BY 1, 2, 3;
                UPDATE meta.data_version SET version = version + 1, published_at = $1 WHERE id = 1;
                """, ct, _time.GetUtcNow().ToUniversalTime()).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<long> DataVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand("SELECT version FROM meta.data_version WHERE id = 1");
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
                WHERE pc.postcode_key = replace(upper(p.postcode), ' ', '') AND pc.latitude IS NOT NULL)
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

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public override string ToString() => DisplayName;

    private async Task InTransactionAsync(Func<NpgsqlConnection, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await work(connection, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
