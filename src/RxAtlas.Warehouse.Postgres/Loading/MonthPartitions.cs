using System.Globalization;
using Npgsql;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>The per-month partitions of the fact and of both rollups, and how a load swaps a month's new tables in.</summary>
/// <remarks>
/// <para>Each month's partition of <c>fact_prescribing</c>, <c>rollup_practice_month</c> and <c>rollup_bnf_practice_month</c> is
/// itself partitioned, and its parts are tables a load writes as new, unattached tables: the fact as BNF-key ranges
/// (<see cref="FactPartCopy"/>, on several connections), each rollup as one part spanning every practice key. Nothing a query
/// reads is touched while they are written and checked. Only <see cref="PublishAsync"/>, the load's last step before its
/// commit, drops the month's old parts and attaches the new ones — or, for a month not loaded before, creates the month's
/// partition apart and attaches it whole.</para>
/// <para>Locks (PostgreSQL 15): attaching takes SHARE UPDATE EXCLUSIVE on the parent, which no reader waits for; dropping the
/// old parts takes ACCESS EXCLUSIVE on the month's partition, so queries of that month wait from the publish to the commit
/// (milliseconds), never for the whole load. Creating a partition with <c>CREATE TABLE … PARTITION OF</c> would instead lock
/// the whole parent, every month, until the commit, which is why a new month is created apart and attached.</para>
/// <para>Every part carries a CHECK constraint that states its month (and a fact range its keys), so attaching needs no scan.</para>
/// </remarks>
internal static class MonthPartitions
{
    /// <summary>The rollup tables, partitioned by LIST (month_key), each month by RANGE (practice_key) into one part.</summary>
    public static readonly string[] Rollups = ["rollup_practice_month", "rollup_bnf_practice_month"];

    /// <summary>A table's partition for one month: <c>fact_prescribing_201911</c>.</summary>
    public static string Name(string table, YearMonth month) => table + "_" + month.Key.ToString(CultureInfo.InvariantCulture);

    /// <summary>One BNF-key range of a month's fact written by one load: <c>fact_prescribing_201911_3fa85f64_0</c>.</summary>
    public static string FactPartName(YearMonth month, string load, int part) =>
        $"{Name("fact_prescribing", month)}_{load}_{part.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A rollup's part written by one load: <c>rollup_practice_month_201911_3fa85f64</c>.</summary>
    public static string RollupPartName(string rollup, YearMonth month, string load) => $"{Name(rollup, month)}_{load}";

    /// <summary>Creates, in the load's transaction, a rollup's new part for the month: the rollup's columns and a CHECK
    /// constraint stating the month.</summary>
    public static Task CreateRollupPartAsync(NpgsqlConnection connection, string rollup, YearMonth month, string load, CancellationToken cancellationToken)
    {
        var part = RollupPartName(rollup, month, load);
        return Sql.ExecAsync(connection,
            $"CREATE TABLE {part} (LIKE {rollup}, CONSTRAINT {part}_month CHECK (month_key = {month.Key.ToString(CultureInfo.InvariantCulture)}))",
            cancellationToken);
    }

    /// <summary>Makes the load's new tables the month's data (see the remarks): the fact's ranges (name and partition bound
    /// each) and the rollups' parts written under <paramref name="load"/>.</summary>
    public static async Task PublishAsync(NpgsqlConnection connection, YearMonth month, IReadOnlyList<(string Name, string Bound)> factParts, string load,
        CancellationToken cancellationToken)
    {
        var statements = await SwapAsync(connection, "fact_prescribing", "bnf_key", month, factParts, cancellationToken).ConfigureAwait(false);
        foreach (var rollup in Rollups)
        {
            statements.AddRange(await SwapAsync(connection, rollup, "practice_key", month,
                [(RollupPartName(rollup, month, load), "FROM (MINVALUE) TO (MAXVALUE)")], cancellationToken).ConfigureAwait(false));
        }
        await Sql.ExecAsync(connection, string.Join(";\n", statements), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statements that replace the parts of <paramref name="table"/>'s month partition by <paramref name="parts"/>.
    /// A month partition from before parts (a plain table) is dropped and made again, partitioned.</summary>
    private static async Task<List<string>> SwapAsync(NpgsqlConnection connection, string table, string partKey, YearMonth month,
        IReadOnlyList<(string Name, string Bound)> parts, CancellationToken cancellationToken)
    {
        var partition = Name(table, month);
        var statements = new List<string>();
        var kind = await RelationKindAsync(connection, partition, cancellationToken).ConfigureAwait(false);
        if (kind == "p")
            statements.AddRange((await AttachedPartsAsync(connection, partition, cancellationToken).ConfigureAwait(false)).Select(p => $"DROP TABLE {p}"));
        else if (kind is not null)
            statements.Add($"DROP TABLE {partition}");
        if (kind != "p") statements.Add($"CREATE TABLE {partition} (LIKE {table}) PARTITION BY RANGE ({partKey})");
        statements.AddRange(parts.Select(p => $"ALTER TABLE {partition} ATTACH PARTITION {p.Name} FOR VALUES {p.Bound}"));
        if (kind != "p") statements.Add($"ALTER TABLE {table} ATTACH PARTITION {partition} FOR VALUES IN ({month.Key.ToString(CultureInfo.InvariantCulture)})");
        return statements;
    }

    /// <summary>Drops the month's fact parts that no load attached: written by a load that then failed or was cancelled (or
    /// stopped by a crash) after its writers committed. They were never visible to queries. (A load's rollup parts and a new
    /// month's partition are made in the load's own transaction and go with its rollback.)</summary>
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

    /// <summary>The relation's kind (<c>r</c> table, <c>p</c> partitioned table), or null when there is none.</summary>
    private static async Task<string?> RelationKindAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(@name)", connection);
        command.Parameters.AddWithValue("name", name);
        return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<string>> AttachedPartsAsync(NpgsqlConnection connection, string partition, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        await using var command = new NpgsqlCommand("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = to_regclass(@name)", connection);
        command.Parameters.AddWithValue("name", partition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) parts.Add(reader.GetString(0));
        return parts;
    }
}
