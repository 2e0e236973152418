using System.Globalization;
using Npgsql;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.TestSupport.Postgres;

/// <summary>The PostgreSQL server the tests use: <c>RXATLAS_TEST_POSTGRES</c> (a <c>postgres://</c> URL or connection string
/// whose role has CREATEDB). Start one with <c>eval "$(scripts/postgres.sh start)"</c>.</summary>
public static class PostgresTestServer
{
    public const string EnvironmentVariable = "RXATLAS_TEST_POSTGRES";

    public static string? Target => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } v ? v : null;

    /// <summary>True under CI (<c>CI=true</c>), where a missing server is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("CI") == "1";

    private const string Hint =
        "set RXATLAS_TEST_POSTGRES=postgres://user:password@host:port/database " +
        "(eval \"$(scripts/postgres.sh start)\" starts a throwaway server)";

    public const string SkipReason = "PostgreSQL tests skipped: " + Hint + ". Under CI=true they fail instead.";

    /// <summary>The server's connection string, or an exception explaining how to provide one (this is what fails in CI).</summary>
    public static NpgsqlConnectionStringBuilder RequireServer() =>
        Target is { } t
            ? PostgresTarget.ToConnectionString(t)
            : throw new InvalidOperationException("No PostgreSQL server for the tests: " + Hint + ".");

    /// <summary>Creates a fresh, empty database for one test; dropping it on dispose.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        var server = RequireServer();
        var name = "rxatlas_t_" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..16];
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        return new PostgresTestDatabase(server.ConnectionString, name, builder.ConnectionString);
    }
}

/// <summary>A throwaway database: <see cref="ConnectionString"/> points at it; disposing drops it.</summary>
public sealed class PostgresTestDatabase(string serverConnectionString, string name, string connectionString) : IAsyncDisposable
{
    public string Name => name;

    /// <summary>An Npgsql connection string (with password) for this database.</summary>
    public string ConnectionString => connectionString;

    /// <summary>The same database as a <c>postgres://</c> URL.</summary>
    public string Url
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgres://{Uri.EscapeDataString(b.Username!)}:{Uri.EscapeDataString(b.Password ?? "")}@{b.Host}:{b.Port}/{b.Database}";
        }
    }

    /// <summary>Drops the database. A background worker still attached (FORCE may not terminate it without superuser rights)
    /// gets a few short retries; after that the database is left to the throwaway server — cleanup never fails a test.</summary>
    public async ValueTask DisposeAsync()
    {
        await using (var own = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(own);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(serverConnectionString);
                await admin.OpenAsync();
                await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == 5) return;
                await Task.Delay(200 * attempt);
            }
        }
    }
}
