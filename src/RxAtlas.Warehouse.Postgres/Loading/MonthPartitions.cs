using System.Globalization;
using Npgsql;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>The per-month partitions of the fact and of both rollups, created (or emptied, on reload) inside the load's
/// transaction, so a failed load rolls the creation back too.</summary>
internal static class MonthPartitions
{
    /// <summary>Tables partitioned by LIST (month_key).</summary>
    public static IReadOnlyList<string> Tables { get; } = ["fact_prescribing", "rollup_practice_month", "rollup_bnf_practice_month"];

    /// <summary>A table's partition for one month: <c>fact_prescribing_201911</c>.</summary>
    public static string Name(string table, YearMonth month) => table + "_" + month.Key.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates the month's partitions if missing and empties them.</summary>
    public static async Task ReplaceAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        var key = month.Key.ToString(CultureInfo.InvariantCulture);
        var statements = Tables.Select(t => $"CREATE TABLE IF NOT EXISTS {Name(t, month)} PARTITION OF {t} FOR VALUES IN ({key})")
            .Append("TRUNCATE " + string.Join(", ", Tables.Select(t => Name(t, month))));
        await Sql.ExecAsync(connection, string.Join(";\n", statements), cancellationToken).ConfigureAwait(false);
    }
}
