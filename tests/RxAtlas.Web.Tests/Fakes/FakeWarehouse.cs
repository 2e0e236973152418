using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Web.Tests.Fakes;

/// <summary>An <see cref="IWarehouse"/> whose only live parts are what the web app reads: queries, runs and the data version.</summary>
public sealed class FakeWarehouse(IPrescribingQueries queries, IRunStore? runs = null) : IWarehouse
{
    private long _version = 1;

    public string Engine => "fake";
    public string DisplayName => "fake warehouse";
    public IPrescribingQueries Queries => queries;
    public IRunStore Runs { get; } = runs ?? new InMemoryRunStore();

    /// <summary>What <see cref="PublishAsync"/> does: a new data version.</summary>
    public void BumpDataVersion() => Interlocked.Increment(ref _version);

    private int _versionReads;

    /// <summary>How many times <see cref="DataVersionAsync"/> was called.</summary>
    public int DataVersionReads => Volatile.Read(ref _versionReads);

    public Task<long> DataVersionAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _versionReads);
        return Task.FromResult(Interlocked.Read(ref _version));
    }

    public Task PublishAsync(CancellationToken cancellationToken = default)
    {
        BumpDataVersion();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default) => queries.MonthsAsync(cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<int> LoadListSizesAsync(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
