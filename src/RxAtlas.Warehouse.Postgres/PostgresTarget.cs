using Npgsql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>Turns a warehouse target — <c>postgres://user:password@host:port/database?sslmode=…</c> or an Npgsql
/// connection string — into an Npgsql connection string, and names it safely for logs.</summary>
public static class PostgresTarget
{
    /// <summary>The Npgsql connection string for <paramref name="target"/>. Errors never echo the target (it may hold a password).</summary>
    public static NpgsqlConnectionStringBuilder ToConnectionString(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var t = target.Trim();
        return IsUri(t) ? FromUri(t) : FromConnectionString(t);
    }

    /// <summary><c>postgres://user@host:port/database</c>: the target with the password left out.</summary>
    public static string DisplayName(string target)
    {
        try
        {
            var b = ToConnectionString(target);
            var user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@";
            var host = b.Host ?? "localhost";
            if (host.Contains(':', StringComparison.Ordinal) && !host.Contains(',', StringComparison.Ordinal)) host = $"[{host}]";
            return $"postgres://{user}{host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "postgres://(invalid target)";
        }
    }

    private static bool IsUri(string t) =>
        t.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromConnectionString(string t)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(t);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("The PostgreSQL connection string is malformed (expected Host=…;Database=…;Username=…;Password=…).");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string t)
    {
        if (!Uri.TryCreate(t, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException("The PostgreSQL URL is malformed: expected postgres://user:password@host:port/database.");
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) b.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                b[QueryKey(key)] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"Unsupported PostgreSQL URL option '{key}'.");
            }
        }
        return b;
    }

    /// <summary>libpq URL option names that differ from Npgsql's keywords.</summary>
    private static string QueryKey(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "application_name" => "Application Name",
        "connect_timeout" => "Timeout",
        "options" => "Options",
        "max_pool_size" => "Maximum Pool Size",
        _ => key,
    };
}
