using System.Text;
using Npgsql;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>Every table of the warehouse (public and meta schemas, partitions included) with its rows sorted, as text:
/// two dumps are equal exactly when the server's data is unchanged.</summary>
public static class PostgresDump
{
    public static async Task<string> DumpAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'meta') AND c.relkind IN ('r', 'p') ORDER BY 1
            """, connection))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM {table} t", connection);
            dump.Append("== ").AppendLine(table).AppendLine((string)(await cmd.ExecuteScalarAsync())!);
        }
        return dump.ToString();
    }
}
