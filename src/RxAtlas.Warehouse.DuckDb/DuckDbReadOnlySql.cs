using System.Text.Json;
using DuckDB.NET.Data;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>Refuses user SQL that is not exactly one SELECT, using DuckDB's own parser (<c>json_serialize_sql</c> serialises
/// SELECT statements only).</summary>
internal static class DuckDbReadOnlySql
{
    public static async Task EnsureSingleSelectAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql)) throw new ArgumentException("The query is empty.", nameof(sql));
        var check = new SqlText(DuckDbDialect.Instance);
        check.Append($"SELECT CAST(json_serialize_sql(CAST({check.Param(sql)} AS VARCHAR)) AS VARCHAR)");
        var json = (string?)await check.ScalarAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false) ?? "";
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.GetBoolean())
        {
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "not a SELECT statement";
            throw new ArgumentException($"Only a single read-only SELECT is allowed: {message}", nameof(sql));
        }
        if (!root.TryGetProperty("statements", out var statements) || statements.GetArrayLength() != 1)
            throw new ArgumentException("Only a single read-only SELECT is allowed: found several statements.", nameof(sql));
    }
}
