using System.Globalization;
using Npgsql;

namespace RxAtlas.TestSupport.Postgres;

/// <summary>A login role with the documented read-only grants (CONNECT, USAGE and SELECT on <c>public</c> and <c>meta</c>)
/// on one test database, whose RxAtlas schema must exist; dropped on dispose. Needs a server role with CREATEROLE
/// (scripts/postgres.sh grants it).</summary>
public sealed class PostgresReaderRole(PostgresTestDatabase db, string name, string connectionString) : IAsyncDisposable
{
    /// <summary>An Npgsql connection string logging in as the role.</summary>
    public string ConnectionString => connectionString;

    /// <summary>The same as a <c>postgres://</c> URL.</summary>
    public string Url
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgres://{b.Username}:{b.Password}@{b.Host}:{b.Port}/{b.Database}";
        }
    }

    public static async Task<PostgresReaderRole> CreateAsync(PostgresTestDatabase db)
    {
        var name = "rxatlas_reader_" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];
        const string password = "reader-pw";
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                CREATE ROLE {name} LOGIN PASSWORD '{password}';
                GRANT CONNECT ON DATABASE {db.Name} TO {name};
                GRANT USAGE ON SCHEMA public, meta TO {name};
                GRANT SELECT ON ALL TABLES IN SCHEMA public, meta TO {name};
                """, connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = name, Password = password };
        return new PostgresReaderRole(db, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var own = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(own);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            REVOKE SELECT ON ALL TABLES IN SCHEMA public, meta FROM {name};
            REVOKE USAGE ON SCHEMA public, meta FROM {name};
            REVOKE CONNECT ON DATABASE {db.Name} FROM {name};
            DROP ROLE {name};
            """, connection);
        await command.ExecuteNonQueryAsync();
    }
}
