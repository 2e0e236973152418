using System.Data.Common;
using System.Reflection;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Web.Tests.Fakes;

/// <summary>A warehouse every read of which throws <see cref="Failure"/>: its data version, every query and every run store
/// call (those through proxies, so that a method added to an interface fails too).</summary>
public sealed class FailingWarehouse(Func<Exception> failure) : IWarehouse
{
    /// <summary>A database error that says it may go away by itself (a restart, no free connection), as Npgsql's do.</summary>
    public sealed class TransientDbException() : DbException("57P01: terminating connection due to administrator command")
    {
        public override bool IsTransient => true;
    }

    public static FailingWarehouse Transient() => new(() => new TransientDbException());
    public static FailingWarehouse Broken() => new(() => new InvalidOperationException("broken"));

    public Func<Exception> Failure => failure;
    public string Engine => "failing";
    public string DisplayName => "failing warehouse";
    public IPrescribingQueries Queries { get; } = Throwing.Create<IPrescribingQueries>(failure);
    public IRunStore Runs { get; } = Throwing.Create<IRunStore>(failure);

    public Task<long> DataVersionAsync(CancellationToken cancellationToken = default) => throw failure();
    public Task MigrateAsync(CancellationToken cancellationToken = default) => throw failure();
    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default) => throw failure();
    public Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default) => throw failure();
    public Task<int> LoadListSizesAsync(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken = default) => throw failure();
    public Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default) => throw failure();
    public Task PublishAsync(CancellationToken cancellationToken = default) => throw failure();
    public Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default) => throw failure();
    public Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default) => throw failure();
    public Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default) => throw failure();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>An implementation of any interface whose every method throws.</summary>
    public class Throwing : DispatchProxy
    {
        private Func<Exception> _failure = () => new InvalidOperationException();

        public static T Create<T>(Func<Exception> failure) where T : class
        {
            var proxy = DispatchProxy.Create<T, Throwing>();
            ((Throwing)(object)proxy)._failure = failure;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw _failure();
    }
}
