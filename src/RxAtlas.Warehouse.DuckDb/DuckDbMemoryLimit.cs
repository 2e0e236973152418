using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>DuckDB's <c>memory_limit</c> setting: validation of configured sizes, and a temporary limit for one unit of work.</summary>
internal static partial class DuckDbMemoryLimit
{
    /// <summary>Returns <paramref name="size"/> when it is a size DuckDB accepts (<c>256MB</c>, <c>1.5 GiB</c>).</summary>
    /// <exception cref="ArgumentException">Anything else (the value ends up in SQL text, so nothing else is let through).</exception>
    public static string Validate(string size) => Size().IsMatch(size)
        ? size
        : throw new ArgumentException($"Not a memory size: '{size}'. Expected a number and a unit, e.g. 256MB or 2GB.", nameof(size));

    /// <summary>Sets the database-wide limit to <paramref name="size"/> until the returned handle is disposed, which puts back
    /// <paramref name="configured"/> (the limit the database was opened with; null: DuckDB's default). Null size: nothing changes.</summary>
    public static async Task<IAsyncDisposable> ApplyAsync(DuckDBConnection connection, string? size, string? configured, CancellationToken cancellationToken)
    {
        if (size is null) return Restore.Nothing;
        await connection.ExecuteAsync($"SET memory_limit = '{Validate(size)}'", cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Restore(connection, configured is null ? "RESET memory_limit" : $"SET memory_limit = '{Validate(configured)}'");
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\s?[KMGT]i?B$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Size();

    private sealed class Restore(DuckDBConnection? connection, string statement) : IAsyncDisposable
    {
        public static readonly Restore Nothing = new(null, "");

        public async ValueTask DisposeAsync()
        {
            if (connection is not null) await connection.ExecuteAsync(statement).ConfigureAwait(false);
        }
    }
}
