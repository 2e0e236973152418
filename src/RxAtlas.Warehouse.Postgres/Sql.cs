using Npgsql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>Small helpers for running statements on an open connection and transaction.</summary>
internal static class Sql
{
    public static async Task<int> ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] args)
    {
        await using var cmd = Command(connection, sql, args);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] args)
    {
        await using var cmd = Command(connection, sql, args);
        var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A command with positional parameters <c>$1…$n</c>; null becomes SQL NULL.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] args)
    {
        var cmd = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) cmd.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        return cmd;
    }
}
