using System.Globalization;
using Npgsql;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>The per-month partitions of the fact and of both rollups, created (or emptied, on reload) inside the load's
/// transaction, so a failed load rolls that back too.</summary>
/// <remarks>A month's fact partition is itself partitioned by BNF-key range: its parts are the tables
/// <see cref="FactPartCopy"/> writes on several connections at once and attaches.</remarks>
internal static class MonthPartitions
{
    /// <summary>The rollup tables, partitioned by LIST (month_key) into plain tables.</summary>
    private static readonly string[] Rollups = ["rollup_practice_month", "rollup_bnf_practice_month"];

    /// <summary>A table's partition for one month: <c>fact_prescribing_201911</c>.</summary>
    public static string Name(string table, YearMonth month) => table + "_" + month.Key.ToString(CultureInfo.InvariantCulture);

    /// <summary>One BNF-key range of a month's fact written by one load: <c>fact_prescribing_201911_3fa85f64_0</c>.</summary>
    public static string FactPartName(YearMonth month, string load, int part) =>
        $"{Name("fact_prescribing", month)}_{load}_{part.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Makes room for the month without touching its loaded data: creates its rollup partitions and its fact
    /// partition (partitioned by BNF-key range) if missing, and drops any part a failed load left unattached. A fact
    /// partition from before ranges (a plain table) is dropped and created again.</summary>
    public static async Task PrepareAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        var key = month.Key.ToString(CultureInfo.InvariantCulture);
        var fact = Name("fact_prescribing", month);
        var statements = Rollups.Select(t => $"CREATE TABLE IF NOT EXISTS {Name(t, month)} PARTITION OF {t} FOR VALUES IN ({key})").ToList();
        await using (var command = new NpgsqlCommand("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(@name)", connection))
        {
            command.Parameters.AddWithValue("name", fact);
            var kind = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (kind != "p")
            {
                if (kind is not null) statements.Add($"DROP TABLE {fact}");
                statements.Add($"CREATE TABLE {fact} PARTITION OF fact_prescribing FOR VALUES IN ({key}) PARTITION BY RANGE (bnf_key)");
            }
        }
        await Sql.ExecAsync(connection, string.Join(";\n", statements), cancellationToken).ConfigureAwait(false);
        await DropUnattachedPartsAsync(connection, month, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the month's loaded data: truncates its rollup partitions and drops its attached fact parts. Called
    /// as late as possible (the new fact already written, about to be attached): from here to commit, queries that read
    /// the month wait for the load (PostgreSQL's ACCESS EXCLUSIVE locks), and then see the new month whole.</summary>
    public static async Task EmptyAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        var statements = new List<string> { "TRUNCATE " + string.Join(", ", Rollups.Select(t => Name(t, month))) };
        statements.AddRange((await AttachedPartsAsync(connection, Name("fact_prescribing", month), cancellationToken).ConfigureAwait(false)).Select(p => $"DROP TABLE {p}"));
        await Sql.ExecAsync(connection, string.Join(";\n", statements), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the month's fact parts that no load attached: written by a load that then failed or was cancelled (or
    /// stopped by a crash) after its writers committed. They were never visible to queries.</summary>
    public static async Task DropUnattachedPartsAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        var orphans = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c
            WHERE c.relkind = 'r' AND c.relname LIKE @pattern AND pg_table_is_visible(c.oid)
              AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
            """, connection))
        {
            command.Parameters.AddWithValue("pattern", Name("fact_prescribing", month) + @"\_%\_%");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) orphans.Add(reader.GetString(0));
        }
        if (orphans.Count > 0) await Sql.ExecAsync(connection, "DROP TABLE " + string.Join(", ", orphans), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<string>> AttachedPartsAsync(NpgsqlConnection connection, string fact, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        await using var command = new NpgsqlCommand("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = to_regclass(@name)", connection);
        command.Parameters.AddWithValue("name", fact);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) parts.Add(reader.GetString(0));
        return parts;
    }
}
