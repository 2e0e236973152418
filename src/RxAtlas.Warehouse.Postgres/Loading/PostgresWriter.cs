using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Loading.Arranging;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>PostgreSQL's bulk paths for the shared <see cref="WarehouseWriter"/>: binary COPY straight from memory — no text,
/// no file — of the month's arranged fact (several BNF-key ranges at once, <see cref="FactPartCopy"/>) and rollups into new
/// tables that the checks read and <see cref="PublishMonthAsync"/> swaps in (<see cref="MonthPartitions"/>), and of reference
/// data into temporary staging tables. A failure aborts the COPY and the shared writer rolls the transaction back.</summary>
internal sealed class PostgresWriter(TimeProvider clock, string workMem, int factWriters) : WarehouseWriter(PostgresDialect.Instance, clock)
{
    /// <summary>What a load wrote before publishing: the fact's ranges (table and partition bound each) and, under the same
    /// load tag, the rollups' parts.</summary>
    private sealed record MonthTables(long Rows, bool KeysProvenIncreasing, string Load, IReadOnlyList<(string Name, string Bound)> FactParts)
        : FactWritten(Rows, KeysProvenIncreasing);

    /// <summary>The month's fact as <see cref="FactWriters"/> BNF-key ranges at once, each a binary COPY FREEZE over its own
    /// connection into a new table (<see cref="FactPartCopy"/>); each writer also proves its range's stored keys strictly
    /// increasing, so the checks need not scan the month for duplicates once more.</summary>
    protected override async Task<FactWritten> WriteFactAsync(DbConnection connection, DbTransaction transaction, YearMonth month,
        IEnumerable<FactBlock> blocks, IReadOnlyList<int> splitKeys, Action<long> onRows, CancellationToken cancellationToken)
    {
        var load = Guid.NewGuid().ToString("N")[..8];
        var (rows, keysIncreasing, parts) = await FactPartCopy.WriteAsync((NpgsqlConnection)connection, month, load, blocks, splitKeys, onRows, cancellationToken)
            .ConfigureAwait(false);
        return new MonthTables(rows, keysIncreasing, load, parts);
    }

    /// <summary>The checks read the new, not yet attached tables.</summary>
    protected override MonthRelations WrittenRelations(YearMonth month, FactWritten written)
    {
        var tables = (MonthTables)written;
        var fact = string.Join(" UNION ALL ", tables.FactParts.Select(p => $"SELECT * FROM {p.Name}"));
        return new MonthRelations($"({fact}) AS written_fact", MonthPartitions.RollupPartName("rollup_practice_month", month, tables.Load));
    }

    /// <summary>Swaps the month's new tables in (<see cref="MonthPartitions.PublishAsync"/>).</summary>
    protected override Task PublishMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, FactWritten written,
        CancellationToken cancellationToken)
    {
        var tables = (MonthTables)written;
        return MonthPartitions.PublishAsync((NpgsqlConnection)connection, month, tables.FactParts, tables.Load, cancellationToken);
    }

    protected override int FactWriters => factWriters;

    /// <summary>Drops the fact ranges a failed load's writers committed but the load never attached.</summary>
    protected override async Task DiscardMonthAsync(DbConnection connection, YearMonth month)
    {
        try
        {
            await MonthPartitions.DropUnattachedPartsAsync((NpgsqlConnection)connection, month, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // the connection is gone; the month's next load drops them
        }
    }

    /// <summary>The rollups into new parts made in this transaction, under the fact's load tag; each then gets its BRIN index
    /// (built over the finished rows, so every block range is summarised) and its statistics.</summary>
    protected override async Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, YearMonth month, ArrangedMonth fact,
        FactWritten written, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var load = ((MonthTables)written).Load;
        foreach (var rollup in MonthPartitions.Rollups)
            await MonthPartitions.CreateRollupPartAsync(npgsql, rollup, month, load, cancellationToken).ConfigureAwait(false);
        var rollups = MonthPartitions.RollupPartName("rollup_bnf_practice_month", month, load);
        var totals = MonthPartitions.RollupPartName("rollup_practice_month", month, load);
        await CopyAsync(npgsql,
            $"{rollups} (month_key, level_length, bnf_prefix, practice_key, items, quantity_milli, nic_pence, actual_cost_e5)", 8,
            rows =>
            {
                foreach (var r in fact.Rollups)
                {
                    rows.StartRow();
                    rows.Int32(month.Key);
                    rows.Int32(r.LevelLength);
                    rows.Text(r.Prefix);
                    rows.Int32(r.PracticeKey);
                    Sums(rows, r.Items, r.QuantityMilli, r.NicPence, r.ActualCostE5);
                }
            }, cancellationToken).ConfigureAwait(false);
        await CopyAsync(npgsql,
            $"{totals} (month_key, practice_key, items, quantity_milli, nic_pence, actual_cost_e5)", 6,
            rows =>
            {
                foreach (var t in fact.PracticeTotals)
                {
                    rows.StartRow();
                    rows.Int32(month.Key);
                    rows.Int32(t.PracticeKey);
                    Sums(rows, t.Items, t.QuantityMilli, t.NicPence, t.ActualCostE5);
                }
            }, cancellationToken).ConfigureAwait(false);
        // The migration's index on rollup_bnf_practice_month, so publishing adopts it instead of building another. Built over the
        // finished rows it summarises every block range (one maintained row by row as COPY fills the table leaves them
        // unsummarised, and an unsummarised range matches every query: a chapter's map would read every rollup row of every month).
        await Sql.ExecAsync(npgsql, $"CREATE INDEX {rollups}_prefix ON {rollups} USING brin (level_length, bnf_prefix) WITH (pages_per_range = 8)",
            cancellationToken).ConfigureAwait(false);
        // The web's queries are planned on these statistics (BRIN is only chosen with a correlation to go on); gathered here they
        // are in place when the month becomes visible. (The fact's ranges are analysed by their writers.)
        await Sql.ExecAsync(npgsql, $"ANALYZE {rollups}, {totals}, dim_practice, dim_bnf, dim_postcode", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A raw binary COPY into a table created in this transaction (hence FREEZE), the rows
    /// written by <paramref name="write"/>. If writing fails the COPY is cancelled, so the original error surfaces.</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string target, int fields, Action<BinaryCopyRows> write, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync($"COPY {target} FROM STDIN (FORMAT BINARY, FREEZE)", cancellationToken).ConfigureAwait(false);
        try
        {
            using var rows = new BinaryCopyRows(copy, fields);
            write(rows);
            rows.Complete();
        }
        catch
        {
            await copy.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task StagePracticesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PracticeRecord> practices,
        CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await CreateTempAsync(npgsql, StagingTables.Practices,
            "practice_code TEXT, " + string.Join(", ", StagingTables.PracticeAttributes.Select(c => c + " TEXT")) + ", is_unidentified BOOLEAN",
            cancellationToken).ConfigureAwait(false);
        await using var writer = await BeginCopyAsync(npgsql, StagingTables.Practices, cancellationToken).ConfigureAwait(false);
        foreach (var p in practices)
        {
            writer.StartRow();
            Text(writer, p.PracticeCode, p.Name, p.Address, p.Postcode, p.RegionCode, p.RegionName, p.IcbCode, p.IcbName, p.SubIcbCode, p.SubIcbName, p.Setting, p.Status);
            writer.Write(p.IsUnidentified, NpgsqlDbType.Boolean);
        }
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task StageBnfAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<StagedBnf> rows, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await CreateTempAsync(npgsql, StagingTables.Bnf,
            "bnf_key INTEGER, is_new BOOLEAN, bnf_code TEXT, presentation TEXT, " + string.Join(", ", StagingTables.BnfLevelColumns.Select(c => c + " TEXT")),
            cancellationToken).ConfigureAwait(false);
        await using var writer = await BeginCopyAsync(npgsql, StagingTables.Bnf, cancellationToken).ConfigureAwait(false);
        foreach (var (b, key) in rows)
        {
            writer.StartRow();
            writer.Write(key ?? 0, NpgsqlDbType.Integer);
            writer.Write(key is not null, NpgsqlDbType.Boolean);
            Text(writer, b.PresentationCode, b.Presentation, b.ProductCode, b.Product, b.ChemicalCode, b.Chemical, b.SubparagraphCode, b.Subparagraph,
                b.ParagraphCode, b.Paragraph, b.SectionCode, b.Section, b.ChapterCode, b.Chapter);
        }
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task StagePostcodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PostcodeLocation> postcodes,
        CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await CreateTempAsync(npgsql, StagingTables.Postcodes,
            "postcode TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, " + string.Join(", ", StagingTables.PostcodeAttributes.Skip(2).Select(c => c + " TEXT")),
            cancellationToken).ConfigureAwait(false);
        await using var writer = await BeginCopyAsync(npgsql, StagingTables.Postcodes, cancellationToken).ConfigureAwait(false);
        foreach (var p in postcodes)
        {
            writer.StartRow();
            Text(writer, p.Postcode);
            Number(writer, p.Latitude);
            Number(writer, p.Longitude);
            Text(writer, p.County, p.RegionCode, p.RegionName, p.IcbCode, p.IcbName, p.SubIcbCode, p.SubIcbName);
        }
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops fact ranges a failed load left (<see cref="MonthPartitions.DropUnattachedPartsAsync"/>); the month's loaded
    /// data stays as it is, readable, until <see cref="PublishMonthAsync"/>.</summary>
    protected override async Task PrepareMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        // From here to commit, the checks' sorts and hashes over the month's rows stay in memory.
        await Sql.ExecAsync(npgsql, $"SET LOCAL work_mem = '{workMem}'", cancellationToken).ConfigureAwait(false);
        await MonthPartitions.DropUnattachedPartsAsync(npgsql, month, cancellationToken).ConfigureAwait(false);
    }

    private static Task CreateTempAsync(NpgsqlConnection connection, string table, string columns, CancellationToken cancellationToken) =>
        Sql.ExecAsync(connection, $"DROP TABLE IF EXISTS {table}; CREATE TEMP TABLE {table} ({columns})", cancellationToken);

    private static Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);

    private static void Sums(BinaryCopyRows rows, long items, long quantity, long nic, long cost)
    {
        rows.Int64(items);
        rows.Int64(quantity);
        rows.Int64(nic);
        rows.Int64(cost);
    }

    /// <summary>Writes each value as text, NULL for null (exactly what DuckDB's appender stores).</summary>
    private static void Text(NpgsqlBinaryImporter writer, params string?[] values)
    {
        foreach (var v in values)
        {
            if (v is null) writer.WriteNull();
            else writer.Write(v, NpgsqlDbType.Text);
        }
    }

    private static void Number(NpgsqlBinaryImporter writer, double? value)
    {
        if (value is { } v) writer.Write(v, NpgsqlDbType.Double);
        else writer.WriteNull();
    }
}
