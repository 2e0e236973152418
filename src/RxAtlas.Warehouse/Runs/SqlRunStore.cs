using System.Data.Common;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Runs;

/// <summary><see cref="IRunStore"/> over <c>meta.dag_runs</c>, <c>meta.task_instances</c> and <c>meta.notified_failures</c> in
/// engine-neutral SQL.</summary>
/// <remarks>Run ids are <c>MAX + 1</c> under <paramref name="writeLock"/> in this process and, across processes, the
/// dialect's <see cref="ISqlDialect.TransactionLock"/> (PostgreSQL, which many processes share); the same transaction
/// refuses a second running run of a DAG and month. Use a lock of its own, not the warehouse's write lock: tasks log while
/// their load transaction is open. A task's log
/// lines are stored as a JSON array of strings. Runs record their <see cref="RunOwner"/> so a later process can tell an
/// abandoned run (owner gone) from a live one.</remarks>
public sealed class SqlRunStore(IConnectionSource connections, SemaphoreSlim writeLock, RunOwner owner) : IRunStore
{
    private ISqlDialect Dialect => connections.Dialect;

    public async Task<long> StartRunAsync(string dag, YearMonth? month, string trigger, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (Dialect.TransactionLock(RunStartLockKey) is { } takeLock) await connection.ExecuteAsync(takeLock, transaction, cancellationToken).ConfigureAwait(false);
            if (month is { } m)
            {
                var active = new SqlText(Dialect);
                active.Append($"""
                    SELECT run_id FROM meta.dag_runs
                    WHERE dag = {active.Param(dag)} AND month_key = {active.Param(m.Key)} AND state = {active.Param(nameof(RunState.Running))}
                    ORDER BY run_id DESC LIMIT 1
                    """);
                var running = await active.ListAsync(connection, r => r.Int64(0), transaction, cancellationToken).ConfigureAwait(false);
                if (running.Count > 0) throw new RunAlreadyActiveException(running[0]);
            }
            var id = (long)(await new SqlText(Dialect).Append("SELECT COALESCE(MAX(run_id), 0) + 1 FROM meta.dag_runs")
                .ListAsync(connection, r => r.Int64(0), transaction, cancellationToken).ConfigureAwait(false))[0];
            var sql = new SqlText(Dialect);
            sql.Append($"""
                INSERT INTO meta.dag_runs (run_id, dag, month_key, trigger, started, ended, state, error, host, pid, process_started)
                VALUES ({sql.Param(id)}, {sql.Param(dag)}, {sql.Param(month?.Key)}, {sql.Param(trigger)}, {sql.Param(Dialect.ToDbTimestamp(started))},
                        NULL, {sql.Param(nameof(RunState.Running))}, NULL, {sql.Param(owner.Host)}, {sql.Param(owner.ProcessId)},
                        {sql.Param(owner.ProcessStarted is { } ps ? Dialect.ToDbTimestamp(ps) : null)})
                """);
            await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return id;
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>The advisory lock key that serialises run starts across processes ("RxAtlas runs").</summary>
    private const long RunStartLockKey = 0x5278_4174_6c61_7352;

    public Task FinishRunAsync(long runId, RunState state, DateTimeOffset ended, string? error, CancellationToken cancellationToken = default) =>
        WriteAsync(sql => sql.Append($"""
            UPDATE meta.dag_runs SET state = {sql.Param(state.ToString())}, ended = {sql.Param(Dialect.ToDbTimestamp(ended))}, error = {sql.Param(error)}
            WHERE run_id = {sql.Param(runId)}
            """), cancellationToken);

    public Task ReopenRunAsync(long runId, CancellationToken cancellationToken = default) =>
        WriteAsync(sql => sql.Append($"""
            UPDATE meta.dag_runs SET state = {sql.Param(nameof(RunState.Running))}, ended = NULL, error = NULL,
                   host = {sql.Param(owner.Host)}, pid = {sql.Param(owner.ProcessId)},
                   process_started = {sql.Param(owner.ProcessStarted is { } ps ? Dialect.ToDbTimestamp(ps) : null)}
            WHERE run_id = {sql.Param(runId)}
            """), cancellationToken);

    public Task SaveTaskAsync(TaskInstance task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync(cancellationToken,
            delete => delete.Append($"DELETE FROM meta.task_instances WHERE run_id = {delete.Param(task.RunId)} AND task_id = {delete.Param(task.TaskId)} AND try_number = {delete.Param(task.TryNumber)}"),
            insert => insert.Append($"""
                INSERT INTO meta.task_instances (run_id, task_id, try_number, started, ended, state, error, rows_affected, log)
                VALUES ({insert.Param(task.RunId)}, {insert.Param(task.TaskId)}, {insert.Param(task.TryNumber)}, {insert.Param(Dialect.ToDbTimestamp(task.Started))},
                        {insert.Param(task.Ended is { } e ? Dialect.ToDbTimestamp(e) : null)}, {insert.Param(task.State.ToString())}, {insert.Param(task.Error)},
                        {insert.Param(task.RowsAffected)}, {insert.Param(JsonSerializer.Serialize(task.Log))})
                """));
    }

    public async Task<DagRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        var sql = new SqlText(Dialect);
        sql.Append($"{RunColumns} WHERE run_id = {sql.Param(runId)}");
        return (await ReadAsync(sql, ReadRun, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<DagRun>> ListRunsAsync(int limit, CancellationToken cancellationToken = default)
    {
        var sql = new SqlText(Dialect);
        sql.Append($"{RunColumns} ORDER BY started DESC, run_id DESC LIMIT {sql.Param(Math.Max(0, limit))}");
        return await ReadAsync(sql, ReadRun, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TaskInstance>> ListTasksAsync(long runId, CancellationToken cancellationToken = default)
    {
        var sql = new SqlText(Dialect);
        sql.Append($"""
            SELECT run_id, task_id, try_number, started, ended, state, error, rows_affected, log
            FROM meta.task_instances WHERE run_id = {sql.Param(runId)}
            ORDER BY started, task_id, try_number
            """);
        return await ReadAsync(sql, r => new TaskInstance(r.Int64(0), r.GetString(1), (int)r.Int64(2), Dialect.FromDbTimestamp(r.GetValue(3)),
            r.IsDBNull(4) ? null : Dialect.FromDbTimestamp(r.GetValue(4)), Enum.Parse<RunState>(r.GetString(5)), r.NullableString(6),
            r.NullableInt64(7), r.IsDBNull(8) ? [] : JsonSerializer.Deserialize<List<string>>(r.GetString(8)) ?? []), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> MarkAbandonedRunsInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var running = new SqlText(Dialect);
        running.Append($"SELECT run_id, host, pid, process_started FROM meta.dag_runs WHERE state = {running.Param(nameof(RunState.Running))}");
        var candidates = await ReadAsync(running, r => (Id: r.Int64(0), Owner: new RunOwner(r.NullableString(1) ?? "", (int)r.Int64(2),
            r.IsDBNull(3) ? null : Dialect.FromDbTimestamp(r.GetValue(3)))), cancellationToken).ConfigureAwait(false);
        var abandoned = candidates.Where(c => !c.Owner.IsAlive()).ToList();
        foreach (var (id, dead) in abandoned)
            await InterruptRunAsync(id, now, $"interrupted: process {dead.ProcessId} on {dead.Host} is gone (found {now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; when it stopped is unknown)", cancellationToken).ConfigureAwait(false);
        return abandoned.Count;
    }

    public async Task<bool> InterruptRunAsync(long runId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InterruptLockedAsync(runId, now, reason, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>One transaction: the run and its tasks change together, and only while the run is still running. Their ends
    /// are left unknown (NULL): when the process stopped is not recorded, and the time it was found dead is not it.</summary>
    private async Task<bool> InterruptLockedAsync(long runId, DateTimeOffset now, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var run = new SqlText(Dialect);
        run.Append($"""
            UPDATE meta.dag_runs SET state = {run.Param(nameof(RunState.Interrupted))}, ended = NULL, error = {run.Param(reason)}
            WHERE run_id = {run.Param(runId)} AND state = {run.Param(nameof(RunState.Running))}
            """);
        if (await run.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false) == 0) return false;
        var tasks = new SqlText(Dialect);
        tasks.Append($"""
            UPDATE meta.task_instances SET state = {tasks.Param(nameof(RunState.Interrupted))}, ended = NULL
            WHERE run_id = {tasks.Param(runId)} AND state = {tasks.Param(nameof(RunState.Running))}
            """);
        await tasks.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var tasks = new SqlText(Dialect);
            tasks.Append($"DELETE FROM meta.task_instances WHERE run_id = {tasks.Param(runId)}");
            await tasks.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var run = new SqlText(Dialect);
            run.Append($"DELETE FROM meta.dag_runs WHERE run_id = {run.Param(runId)}");
            var deleted = await run.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted > 0;
        }
        finally
        {
            writeLock.Release();
        }
    }

    public async Task<NotifiedFailure?> GetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default)
    {
        var sql = new SqlText(Dialect);
        sql.Append($"""
            SELECT error, notified_at FROM meta.notified_failures WHERE dag = {sql.Param(dag)} AND month_key = {sql.Param(month.Key)}
            """);
        return (await ReadAsync(sql, r => new NotifiedFailure(dag, month, r.GetString(0), Dialect.FromDbTimestamp(r.GetValue(1))),
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public Task SaveNotifiedFailureAsync(NotifiedFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return WriteAsync(cancellationToken,
            delete => delete.Append($"DELETE FROM meta.notified_failures WHERE dag = {delete.Param(failure.Dag)} AND month_key = {delete.Param(failure.Month.Key)}"),
            insert => insert.Append($"""
                INSERT INTO meta.notified_failures (dag, month_key, error, notified_at)
                VALUES ({insert.Param(failure.Dag)}, {insert.Param(failure.Month.Key)}, {insert.Param(failure.Error)}, {insert.Param(Dialect.ToDbTimestamp(failure.NotifiedAt))})
                """));
    }

    public Task ForgetNotifiedFailureAsync(string dag, YearMonth month, CancellationToken cancellationToken = default) =>
        WriteAsync(sql => sql.Append($"DELETE FROM meta.notified_failures WHERE dag = {sql.Param(dag)} AND month_key = {sql.Param(month.Key)}"),
            cancellationToken);

    private const string RunColumns = "SELECT run_id, dag, month_key, trigger, started, ended, state, error FROM meta.dag_runs";

    private DagRun ReadRun(DbDataReader r) => new(r.Int64(0), r.GetString(1), r.IsDBNull(2) ? null : YearMonth.FromKey((int)r.Int64(2)), r.GetString(3),
        Dialect.FromDbTimestamp(r.GetValue(4)), r.IsDBNull(5) ? null : Dialect.FromDbTimestamp(r.GetValue(5)), Enum.Parse<RunState>(r.GetString(6)), r.NullableString(7));

    public async Task<RunOwner?> GetRunOwnerAsync(long runId, CancellationToken cancellationToken = default)
    {
        var sql = new SqlText(Dialect);
        sql.Append($"SELECT host, pid, process_started FROM meta.dag_runs WHERE run_id = {sql.Param(runId)} AND host IS NOT NULL AND pid IS NOT NULL");
        return (await ReadAsync(sql, r => new RunOwner(r.GetString(0), (int)r.Int64(1), r.IsDBNull(2) ? null : Dialect.FromDbTimestamp(r.GetValue(2))),
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private async Task<List<T>> ReadAsync<T>(SqlText sql, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await sql.ListAsync(connection, map, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private Task WriteAsync(Action<SqlText> build, CancellationToken cancellationToken) => WriteAsync(cancellationToken, build);

    /// <summary>Runs the statements <paramref name="builds"/> make, in order, in one transaction under the write lock (a
    /// row replaced is a delete and an insert that commit together).</summary>
    private async Task WriteAsync(CancellationToken cancellationToken, params Action<SqlText>[] builds)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var build in builds)
            {
                var sql = new SqlText(Dialect);
                build(sql);
                await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }
}
