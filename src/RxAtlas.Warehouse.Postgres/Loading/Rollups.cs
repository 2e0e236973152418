using Npgsql;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Rebuilds one month's rollups with the engine-neutral SQL (<see cref="WarehouseSql.RebuildRollupsForMonth"/>).</summary>
internal static class Rollups
{
    public static async Task RebuildAsync(NpgsqlConnection connection, int monthKey, CancellationToken cancellationToken)
    {
        foreach (var statement in WarehouseSql.RebuildRollupsForMonth(PostgresDialect.Instance))
        {
            await using var command = new NpgsqlCommand(statement, connection);
            command.Parameters.Add(new NpgsqlParameter<int>("month", monthKey));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
