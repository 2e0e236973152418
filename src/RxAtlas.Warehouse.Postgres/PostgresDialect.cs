using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>PostgreSQL's side of the engine-neutral SQL: <c>@name</c> placeholders, typed parameters (so a NULL still
/// has a type PostgreSQL can infer), <c>timestamptz</c> in UTC.</summary>
public sealed class PostgresDialect : ISqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public string Placeholder(string name) => "@" + name;

    public string? TransactionLock(long key) => $"SELECT pg_advisory_xact_lock({key})";

    public (string Before, string After)? StorageOrderScan =>
        ("SET LOCAL max_parallel_workers_per_gather = 0", "SET LOCAL max_parallel_workers_per_gather TO DEFAULT");

    public DbParameter CreateParameter(DbCommand command, string name, object? value)
    {
        var parameter = new NpgsqlParameter { ParameterName = name, Value = value ?? DBNull.Value };
        switch (value)
        {
            case int: parameter.NpgsqlDbType = NpgsqlDbType.Integer; break;
            case long: parameter.NpgsqlDbType = NpgsqlDbType.Bigint; break;
            case string: parameter.NpgsqlDbType = NpgsqlDbType.Text; break;
            case bool: parameter.NpgsqlDbType = NpgsqlDbType.Boolean; break;
            case decimal: parameter.NpgsqlDbType = NpgsqlDbType.Numeric; break;
            case DateTime: parameter.NpgsqlDbType = NpgsqlDbType.TimestampTz; break;
        }
        return parameter;
    }

    public object ToDbTimestamp(DateTimeOffset value) => value.UtcDateTime;

    public DateTimeOffset FromDbTimestamp(object value) => value switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => o.ToUniversalTime(),
        _ => throw new InvalidCastException($"Expected a timestamp, got {value.GetType().Name}."),
    };
}
