using System.Data.Common;
using System.Globalization;
using System.Numerics;

namespace RxAtlas.Warehouse.Sql;

/// <summary>Small ADO.NET helpers shared by the engines.</summary>
public static class DbExtensions
{
    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> ExecuteAsync(this SqlText sql, DbConnection connection, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var command = sql.CreateCommand(connection, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row, or null.</summary>
    public static async Task<object?> ScalarAsync(this SqlText sql, DbConnection connection, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var command = sql.CreateCommand(connection, transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static async Task<object?> ScalarAsync(this DbConnection connection, string sql, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static async Task<List<T>> ListAsync<T>(this SqlText sql, DbConnection connection, Func<DbDataReader, T> map, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var command = sql.CreateCommand(connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(map(reader));
        return list;
    }

    /// <summary>A 64-bit integer from any integral or decimal column type (engines widen sums differently).</summary>
    public static long Int64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : ToInt64(reader.GetValue(ordinal));

    public static long? NullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ToInt64(reader.GetValue(ordinal));

    /// <summary>Converts any integral value, including 128-bit sums (<see cref="BigInteger"/>), checking for overflow.</summary>
    public static long ToInt64(object value) => value switch
    {
        BigInteger big => (long)big,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static double? NullableDouble(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static bool Bool(this DbDataReader reader, int ordinal) =>
        !reader.IsDBNull(ordinal) && Convert.ToBoolean(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
