using System.Text.RegularExpressions;

namespace RxAtlas.Warehouse;

/// <summary>Where the warehouse is: <c>duckdb:PATH</c> (or a bare path), <c>postgres://user:pw@host:port/db</c>,
/// or an Npgsql connection string (<c>Host=…;Database=…</c>).</summary>
public sealed partial record WarehouseLocation(string Engine, string Target)
{
    public const string DuckDb = "duckdb";
    public const string Postgres = "postgres";

    /// <summary>The default: an embedded DuckDB file beside the working directory.</summary>
    public static WarehouseLocation Default { get; } = new(DuckDb, Path.Combine("data", "rxatlas.duckdb"));

    /// <summary>The environment variable consulted when no <c>--warehouse</c> is given.</summary>
    public const string EnvironmentVariable = "RXATLAS_WAREHOUSE";

    /// <summary>Parses the <c>--warehouse</c> value; null or blank falls back to <see cref="EnvironmentVariable"/>, then the default.</summary>
    public static WarehouseLocation Resolve(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(value) ? Default : Parse(value);
    }

    public static WarehouseLocation Parse(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            var path = v["duckdb:".Length..].Trim();
            return path.Length > 0 ? new(DuckDb, path) : throw new ArgumentException("duckdb: needs the file's path, e.g. duckdb:data/rxatlas.duckdb.");
        }
        if (v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(Postgres, v);
        if (IsConnectionString(v))
        {
            return HasKey(v, "Host", "Server")
                ? new(Postgres, v)
                : throw new ArgumentException($"'{Redacted(v)}' looks like a connection string but names no server: give Host=… (or Server=…).");
        }
        // A scheme RxAtlas does not know (a one-letter one is a Windows drive: C:\data\rxatlas.duckdb is a path).
        if (v.Contains("://", StringComparison.Ordinal) || UnknownScheme().IsMatch(v))
            throw new ArgumentException($"Unknown warehouse '{Redacted(v)}': use duckdb:PATH, postgres://user:password@host:port/database or an Npgsql connection string.");
        return new(DuckDb, v);
    }

    /// <summary>Keywords of an Npgsql connection string (and their synonyms) that a DuckDB file's path would not start with.</summary>
    private static readonly HashSet<string> ConnectionKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Server", "Port", "Database", "DB", "Username", "User Name", "User ID", "UserID", "User", "Password", "PSW", "PWD",
        "Pooling", "Maximum Pool Size", "Max Pool Size", "Timeout", "Command Timeout", "SSL Mode", "SslMode", "Application Name",
    };

    /// <summary>True for <c>key=value;…</c> text whose first key is a connection-string keyword (<c>Host=</c>, <c>Server=</c>,
    /// <c>Database=</c>, <c>Username=</c>, …), so that <c>Server=db;Database=rx</c> is never taken for a file's name.</summary>
    private static bool IsConnectionString(string value)
    {
        var first = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var equals = first?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        return equals > 0 && ConnectionKeywords.Contains(first![..equals].Trim());
    }

    private static bool HasKey(string value, params string[] keys) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(part => part.IndexOf('=', StringComparison.Ordinal) is > 0 and var at && keys.Contains(part[..at].Trim(), StringComparer.OrdinalIgnoreCase));

    /// <summary>The location with any password removed, fit for logs.</summary>
    public override string ToString() => $"{Engine}:{Redacted(Target)}";

    public static string Redacted(string target)
    {
        var uri = target.IndexOf("://", StringComparison.Ordinal);
        if (uri >= 0)
        {
            var at = target.IndexOf('@', uri);
            var colon = target.IndexOf(':', uri + 3);
            if (at > 0 && colon > 0 && colon < at) return string.Concat(target.AsSpan(0, colon + 1), "***", target.AsSpan(at));
            return target;
        }
        var parts = target.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : p);
        return string.Join(';', parts);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]+:")]
    private static partial Regex UnknownScheme();
}
