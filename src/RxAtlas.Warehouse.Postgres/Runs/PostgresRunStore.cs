using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.Postgres.Runs;

/// <summary>DAG run history in <c>meta.dag_runs</c> and <c>meta.task_instances</c>. States are stored by enum name.</summary>
internal sealed class PostgresRunStore(NpgsqlDataSource dataSource) : IRunStore
{
    private const string RunColumns = "run_id, dag, month_key, trigger, started, ended, state, error";
    private const string TaskColumns = "run_id, task_id, try_number, started, ended, state, error, rows_affected, log";

    public async Task<long> StartRunAsync(string dag, YearMonth? month, string trigger, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "INSERT INTO meta.dag_runs (dag, month_key, trigger, started, state) VALUES ($1, $2, $3, $4, $5) RETURNING run_id");
        cmd.Parameters.Add(Text(dag));
        cmd.Parameters.Add(new NpgsqlParameter { Value = month is { } m ? m.Key : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(Text(trigger));
        cmd.Parameters.Add(Time(started));
        cmd.Parameters.Add(Text(nameof(RunState.Running)));
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task FinishRunAsync(long runId, RunState state, DateTimeOffset ended, string? error, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE meta.dag_runs SET state = $2, ended = $3, error = $4 WHERE run_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        cmd.Parameters.Add(Text(state.ToString()));
        cmd.Parameters.Add(Time(ended));
        cmd.Parameters.Add(Text(error));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ReopenRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE meta.dag_runs SET state = $2, ended = NULL, error = NULL WHERE run_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        cmd.Parameters.Add(Text(nameof(RunState.Running)));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveTaskAsync(TaskInstance task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var cmd = dataSource.CreateCommand(
            $"""
            INSERT INTO meta.task_instances ({TaskColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (run_id, task_id, try_number) DO UPDATE SET
                started = EXCLUDED.started, ended = EXCLUDED.ended, state = EXCLUDED.state, error = EXCLUDED.error,
                rows_affected = EXCLUDED.rows_affected, log = EXCLUDED.log
            """);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = task.RunId });
        cmd.Parameters.Add(Text(task.TaskId));
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = task.TryNumber });
        cmd.Parameters.Add(Time(task.Started));
        cmd.Parameters.Add(Time(task.Ended));
        cmd.Parameters.Add(Text(task.State.ToString()));
        cmd.Parameters.Add(Text(task.Error));
        cmd.Parameters.Add(new NpgsqlParameter { Value = task.RowsAffected is { } r ? r : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. task.Log] });
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DagRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {RunColumns} FROM meta.dag_runs WHERE run_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        var runs = await ReadRunsAsync(cmd, cancellationToken).ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<IReadOnlyList<DagRun>> ListRunsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {RunColumns} FROM meta.dag_runs ORDER BY started DESC, run_id DESC LIMIT $1");
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit) });
        return await ReadRunsAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TaskInstance>> ListTasksAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {TaskColumns} FROM meta.task_instances WHERE run_id = $1 ORDER BY started, task_id, try_number");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tasks = new List<TaskInstance>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(new TaskInstance(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt32(2),
                ReadTime(reader, 3)!.Value,
                ReadTime(reader, 4),
                Enum.Parse<RunState>(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7),
                reader.GetFieldValue<string[]>(8)));
        }
        return tasks;
    }

    public async Task<int> MarkAbandonedRunsInterruptedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE meta.dag_runs SET state = $1, ended = $2 WHERE state = $3");
        cmd.Parameters.Add(Text(nameof(RunState.Interrupted)));
        cmd.Parameters.Add(Time(now));
        cmd.Parameters.Add(Text(nameof(RunState.Running)));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<DagRun>> ReadRunsAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<DagRun>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(new DagRun(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : YearMonth.FromKey(reader.GetInt32(2)),
                reader.GetString(3),
                ReadTime(reader, 4)!.Value,
                ReadTime(reader, 5),
                Enum.Parse<RunState>(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return runs;
    }

    private static DateTimeOffset? ReadTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
