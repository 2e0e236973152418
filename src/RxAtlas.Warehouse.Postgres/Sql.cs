using Npgsql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>Runs trusted, parameterless SQL text (identifiers chosen by code) on an open connection, inside whatever
/// transaction the connection has open.</summary>
internal static class Sql
{
    public static async Task<int> ExecAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
