using System.Globalization;
using Npgsql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>The session advisory lock every write takes, so two processes never write the same warehouse (database) at
/// once. A writer that has to wait is told who it is waiting for before it blocks, so a load queued behind another
/// process's long load does not look hung.</summary>
internal static class WriterLock
{
    /// <summary>The lock's key ("RxAtlat"); PostgreSQL shows a bigint key in <c>pg_locks</c> as its high and low 32 bits.</summary>
    public const long Key = 0x5278_4174_6c61_74;

    /// <summary>Takes the lock on <paramref name="connection"/>'s session, first calling <paramref name="waiting"/> with a
    /// description of the holder when another session has it.</summary>
    public static async Task AcquireAsync(NpgsqlConnection connection, Action<string>? waiting, CancellationToken cancellationToken)
    {
        if (await TryAcquireAsync(connection, cancellationToken).ConfigureAwait(false)) return;
        waiting?.Invoke(await DescribeHolderAsync(connection, cancellationToken).ConfigureAwait(false));
        await Sql.ExecAsync(connection, $"SELECT pg_advisory_lock({Key})", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the lock; a broken connection has lost it with its session already (and pooling resets sessions), so
    /// a failure here must not hide the write's own outcome.</summary>
    public static async Task ReleaseQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await Sql.ExecAsync(connection, $"SELECT pg_advisory_unlock({Key})", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
        }
    }

    private static async Task<bool> TryAcquireAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>"server process 1234 (rxatlas, from 10.0.0.7), active since 2026-11-24 10:15:02 UTC" (the session's state
    /// and when it last changed), or less when the server does not show another role's sessions in full.</summary>
    private static async Task<string> DescribeHolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT l.pid, a.application_name, host(a.client_addr), a.state, a.state_change
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = @high AND l.objid = @low AND l.objsubid = 1
            LIMIT 1
            """;
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddWithValue("high", NpgsqlTypes.NpgsqlDbType.Oid, (uint)(Key >> 32));
        cmd.Parameters.AddWithValue("low", NpgsqlTypes.NpgsqlDbType.Oid, (uint)(Key & 0xFFFF_FFFF));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return "another writer (it has just finished)";
        var parts = new List<string>();
        var application = reader.IsDBNull(1) ? null : reader.GetString(1);
        if (!string.IsNullOrEmpty(application)) parts.Add(application);
        if (!reader.IsDBNull(2)) parts.Add("from " + reader.GetString(2));
        var text = "server process " + reader.GetInt32(0).ToString(CultureInfo.InvariantCulture);
        if (parts.Count > 0) text += $" ({string.Join(", ", parts)})";
        if (!reader.IsDBNull(3) && !reader.IsDBNull(4))
        {
            var since = reader.GetFieldValue<DateTime>(4).ToUniversalTime();
            text += $", {reader.GetString(3)} since {since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
        }
        return text;
    }
}
