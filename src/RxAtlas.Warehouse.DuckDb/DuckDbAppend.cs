using DuckDB.NET.Data;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>Appender helpers: nullable values and temp tables.</summary>
internal static class DuckDbAppend
{
    /// <summary>An appender on a connection-local temporary table.</summary>
    public static DuckDBAppender Temp(DuckDBConnection connection, string table) => connection.CreateAppender("temp", "main", table);

    public static IDuckDBAppenderRow Text(this IDuckDBAppenderRow row, string? value) =>
        value is null ? row.AppendNullValue() : row.AppendValue(value);

    public static IDuckDBAppenderRow Number(this IDuckDBAppenderRow row, double? value) =>
        value is { } v ? row.AppendValue(v) : row.AppendNullValue();
}
