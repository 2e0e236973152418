using Npgsql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>Refuses user SQL that is not exactly one read-only statement, using PostgreSQL's own parser and planner:
/// <c>EXPLAIN</c> of the text must be one statement whose plan modifies nothing. Runs inside the caller's READ ONLY
/// transaction, so even a statement that slipped through could not write.</summary>
internal static class PostgresReadOnlySql
{
    public static async Task EnsureSingleSelectAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
        string plan;
        bool several;
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            plan = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(0) : "";
            several = await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SyntaxError or PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            throw new ArgumentException($"Only a single read-only SELECT is allowed: {e.MessageText}", nameof(sql));
        }
        if (several)
            throw new ArgumentException("Only a single read-only SELECT is allowed: found several statements.", nameof(sql));
        if (plan.Contains("\"ModifyTable\"", StringComparison.Ordinal) || plan.Contains("\"LockRows\"", StringComparison.Ordinal))
            throw new ArgumentException("Only a single read-only SELECT is allowed: the statement modifies or locks data.", nameof(sql));
    }
}
