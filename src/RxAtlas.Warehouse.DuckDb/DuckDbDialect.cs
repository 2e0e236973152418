using System.Data.Common;
using DuckDB.NET.Data;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>DuckDB's parameter syntax (<c>$name</c>) and timestamp mapping (<c>TIMESTAMP</c> holding UTC).</summary>
public sealed class DuckDbDialect : ISqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public string Placeholder(string name) => "$" + name;

    public DbParameter CreateParameter(DbCommand command, string name, object? value) => new DuckDBParameter(name, value ?? DBNull.Value);

    public object ToDbTimestamp(DateTimeOffset value) => value.UtcDateTime;

    public (string Before, string After)? StorageOrderScan => ("", "");

    public DateTimeOffset FromDbTimestamp(object value) => value switch
    {
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto.ToUniversalTime(),
        _ => throw new InvalidCastException($"Expected a timestamp, got {value.GetType().Name}."),
    };
}
