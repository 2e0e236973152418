using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse;

/// <summary>What every SQL engine's warehouse has in common: each operation is the shared <see cref="WarehouseWriter"/> (or
/// shared SQL) run on a connection the engine provides. An engine supplies connections — <see cref="WriteAsync{T}"/> under
/// its write lock, <see cref="ReadAsync{T}"/> without — plus its migrations, its read-only guard for user SQL and disposal.</summary>
public abstract class SqlWarehouse : IWarehouse
{
    private readonly WarehouseWriter _writer;

    protected SqlWarehouse(WarehouseWriter writer) => _writer = writer;

    public abstract string Engine { get; }

    public abstract string DisplayName { get; }

    public IPrescribingQueries Queries { get; protected init; } = null!;

    public IRunStore Runs { get; protected init; } = null!;

    /// <summary>The engine's SQL dialect, for the shared SQL run here.</summary>
    protected abstract ISqlDialect Dialect { get; }

    public abstract Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The warehouse's schema version against this build's, read without changing anything.</summary>
    public abstract Task<SchemaVersion> SchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>What every call does first, once: migrates the schema (when the engine's options say so) or checks that this
    /// build can read it. Call it to fail at open rather than at first use.</summary>
    /// <exception cref="WarehouseSchemaException">The schema is newer than this build knows (and not readable by it, or
    /// migrating), older and not to be migrated, or missing.</exception>
    public abstract Task EnsureSchemaAsync(CancellationToken cancellationToken = default);

    public abstract Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs <paramref name="work"/> on a connection holding the engine's write lock, the schema migrated first.</summary>
    protected abstract Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a fresh connection, the schema migrated first; reads never wait for writes.</summary>
    protected abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        return WriteAsync(async connection =>
        {
            await using var scope = await BeginLoadAsync(connection, cancellationToken).ConfigureAwait(false);
            return await _writer.LoadMonthAsync(connection, release, rowsRead, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Session settings for the duration of one month load (e.g. a memory cap), undone when disposed.</summary>
    protected virtual Task<IAsyncDisposable> BeginLoadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoScope.Instance);

    private sealed class NoScope : IAsyncDisposable
    {
        public static readonly NoScope Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public Task<int> LoadListSizesAsync(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return WriteAsync(connection => _writer.LoadListSizesAsync(connection, month, sizes, cancellationToken), cancellationToken);
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
        IsReadOnly
            ? ReadAsync(connection => _writer.CheckAsync(connection, month, record: false, cancellationToken), cancellationToken)
            : WriteAsync(connection => _writer.CheckAsync(connection, month, record: true, cancellationToken), cancellationToken);

    /// <summary>True when this process may only read (a DuckDB file opened read-only): checks run but are not recorded.</summary>
    protected virtual bool IsReadOnly => false;

    /// <summary>Rebuilds the rollups of any month not rolled up yet (loads do it themselves), marks months loaded since the last
    /// publish as published, and bumps the data version — in one transaction.</summary>
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
        ReadAsync<IReadOnlyList<string>>(async connection =>
            await new SqlText(Dialect).Append(WarehouseSql.PostcodesWithoutLocation)
                .ListAsync(connection, r => r.GetString(0), cancellationToken: cancellationToken).ConfigureAwait(false), cancellationToken);

    public override string ToString() => DisplayName;
}
