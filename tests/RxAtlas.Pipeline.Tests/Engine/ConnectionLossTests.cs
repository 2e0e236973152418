using System.Net.Sockets;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Engine;

/// <summary>A PostgreSQL restart mid-run, simulated with the real Npgsql exception types.</summary>
public class ConnectionLossTests
{
    private static readonly YearMonth November = new(2019, 11);
    private static readonly RunParameters Parameters = new(November);

    /// <summary>What a pooled connection reused after a restart throws.</summary>
    private static PostgresException AdminShutdown() =>
        new("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");

    /// <summary>What opening a connection throws while the server is down.</summary>
    private static NpgsqlException ConnectFailed() =>
        new("Failed to connect to 127.0.0.1:55432", new SocketException((int)SocketError.ConnectionRefused));

    [Fact]
    public void IsTransient_ConnectionLevelFailures_EvenWrappedInAFailedLoad()
    {
        Assert.True(TransientFailures.IsTransient(AdminShutdown()));
        Assert.True(TransientFailures.IsTransient(ConnectFailed()));
        Assert.True(TransientFailures.IsTransient(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")));
        Assert.True(TransientFailures.IsTransient(new PostgresException("connection failure", "FATAL", "FATAL", "08006")));
        Assert.True(TransientFailures.IsTransient(new LoadFailedException(November, "T201911PDPI BNFT.csv: boom", [], AdminShutdown())));

        Assert.False(TransientFailures.IsTransient(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(TransientFailures.IsTransient(new LoadFailedException(November, "checks failed", [])));
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("boom")));
    }

    [Fact]
    public void DefaultTaskOptions_RetryALostConnectionButStillNotBadDataOrA404()
    {
        var shouldRetry = PrescribingDag.DefaultTaskOptions.ShouldRetry!;

        // The operator's failure: the load wraps the 57P01 of a dead pooled connection in a LoadFailedException.
        Assert.True(shouldRetry(new LoadFailedException(November, "T201911PDPI BNFT.csv: 57P01", [], AdminShutdown())));
        Assert.True(shouldRetry(ConnectFailed()));
        Assert.False(shouldRetry(new LoadFailedException(November, "checks failed", [])));
        Assert.False(shouldRetry(new LoadFailedException(November, "bad key", [], new PostgresException("duplicate key", "ERROR", "ERROR", "23505"))));
        Assert.False(shouldRetry(new RxAtlas.Acquisition.UpstreamException(new Uri("https://files.example.test/x"), System.Net.HttpStatusCode.NotFound, "gone")));
    }

    [Fact]
    public async Task Run_TaskLosesItsConnection_PoolIsClearedAndTheRetrySucceeds()
    {
        var store = new InMemoryRunStore();
        var lost = new List<Exception>();
        var tries = 0;
        var dag = new DagBuilder("d", PrescribingDag.DefaultTaskOptions with { RetryDelay = TimeSpan.Zero })
            .Task("load", _ => ++tries == 1 ? throw new LoadFailedException(November, "57P01", [], AdminShutdown()) : Task.CompletedTask)
            .Build();
        var runner = new DagRunner(store, options: new DagRunnerOptions { OnConnectionLost = lost.Add });

        var result = await runner.RunAsync(dag, Parameters).Within();

        Assert.Equal(RunState.Success, result.State);
        Assert.Equal([RunState.Failed, RunState.Success], (await store.ListTasksAsync(result.RunId)).Select(t => t.State));
        Assert.IsType<LoadFailedException>(Assert.Single(lost));
    }

    [Fact]
    public async Task Run_RunStoreUnreachableForAWhile_WritesAreRetriedAndTheRunCompletes()
    {
        var store = new FlakyStore { FailingSaves = 3 };
        var lost = 0;
        var runner = new DagRunner(store, options: new DagRunnerOptions
        {
            StoreRetryDelays = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero],
            OnConnectionLost = _ => lost++,
        });

        var result = await runner.RunAsync(OneTask(), Parameters).Within();

        Assert.Equal(RunState.Success, result.State);
        Assert.Equal(RunState.Success, (await store.GetRunAsync(result.RunId))!.State);
        Assert.Equal(3, lost);
    }

    [Fact]
    public async Task Run_RunStoreGoneButBackToFinish_RecordsTheRunFailedWithTheCause()
    {
        var store = new FlakyStore { FailingSaves = int.MaxValue };
        var runner = new DagRunner(store, options: new DagRunnerOptions { StoreRetryDelays = [TimeSpan.Zero] });

        var result = await runner.RunAsync(OneTask(), Parameters).Within();

        Assert.Equal(RunState.Failed, result.State);
        var run = (await store.GetRunAsync(result.RunId))!;
        Assert.Equal(RunState.Failed, run.State);
        Assert.Contains("warehouse became unreachable", run.Error, StringComparison.Ordinal);
        Assert.Contains("Failed to connect", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RunStoreGoneForGood_ThrowsSayingTheHistoryCouldNotBeUpdated()
    {
        var store = new FlakyStore { FailingSaves = int.MaxValue, FailingFinishes = int.MaxValue };
        var runner = new DagRunner(store, options: new DagRunnerOptions { StoreRetryDelays = [TimeSpan.Zero] });

        var error = await Assert.ThrowsAsync<RunStoreUnavailableException>(() => runner.RunAsync(OneTask(), Parameters).Within());

        Assert.Contains("history could not be updated", error.Message, StringComparison.Ordinal);
        Assert.Contains("--resume 1", error.Message, StringComparison.Ordinal);
        Assert.IsType<NpgsqlException>(error.InnerException);
    }

    private static Dag OneTask() => new DagBuilder("d").Task("load", _ => Task.CompletedTask).Build();

    /// <summary>An in-memory store whose task saves and run finishes fail, a set number of times, as a database that went away.</summary>
    private sealed class FlakyStore : IRunStore
    {
        private readonly InMemoryRunStore _inner = new();

        public int FailingSaves { get; set; }

        public int FailingFinishes { get; set; }

        public Task<long> StartRunAsync(string dag, YearMonth? month, string trigger, DateTimeOffset started, CancellationToken cancellationToken = default) =>
            _inner.StartRunAsync(dag, month, trigger, started, cancellationToken);

        public Task FinishRunAsync(long runId, RunState state, DateTimeOffset ended, string? error, CancellationToken cancellationToken = default)
        {
            if (FailingFinishes-- > 0) throw ConnectFailed();
            return _inner.FinishRunAsync(runId, state, ended, error, cancellationToken);
        }

        public Task ReopenRunAsync(long runId, CancellationToken cancellationToken = default) => _inner.ReopenRunAsync(runId, cancellationToken);

        public Task SaveTaskAsync(TaskInstance task, CancellationToken cancellationToken = default)
        {
            if (FailingSaves-- > 0) throw ConnectFailed();
            return _inner.SaveTaskAsync(task, cancellationToken);
        }

        public Task<DagRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default) => _inner.GetRunAsync(runId, cancellationToken);

        public Task<IReadOnlyList<DagRun>> ListRunsAsync(int limit, CancellationToken cancellationToken = default) => _inner.ListRunsAsync(limit, cancellationToken);

        public Task<IReadOnlyList<TaskInstance>> ListTasksAsync(long runId, CancellationToken cancellationToken = default) =>
            _inner.ListTasksAsync(runId, cancellationToken);

        public Task<int> MarkAbandonedRunsInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
            _inner.MarkAbandonedRunsInterruptedAsync(now, cancellationToken);

        public Task<bool> InterruptRunAsync(long runId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default) =>
            _inner.InterruptRunAsync(runId, now, reason, cancellationToken);

        public Task<RunOwner?> GetRunOwnerAsync(long runId, CancellationToken cancellationToken = default) => _inner.GetRunOwnerAsync(runId, cancellationToken);

        public Task<bool> DeleteRunAsync(long runId, CancellationToken cancellationToken = default) => _inner.DeleteRunAsync(runId, cancellationToken);

        public Task<NotifiedFailure?> GetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default) =>
            _inner.GetNotifiedFailureAsync(dag, month, cancellationToken);

        public Task SaveNotifiedFailureAsync(NotifiedFailure failure, CancellationToken cancellationToken = default) =>
            _inner.SaveNotifiedFailureAsync(failure, cancellationToken);

        public Task ForgetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default) =>
            _inner.ForgetNotifiedFailureAsync(dag, month, cancellationToken);
    }
}
