using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Loading.Arranging;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>PostgreSQL's bulk paths for the shared <see cref="WarehouseWriter"/>: binary COPY straight from memory — no text,
/// no file — of the month's arranged fact (several BNF-key ranges at once, <see cref="FactPartCopy"/>) and rollups into the
/// month's partitions (emptied first, inside the load's transaction), and of reference data into temporary staging tables. A
/// failure aborts the COPY and the shared writer rolls the transaction back.</summary>
internal sealed class PostgresWriter(TimeProvider clock, string workMem, int factWriters) : WarehouseWriter(PostgresDialect.Instance, clock)
{
    /// <summary>The month's fact as <see cref="FactWriters"/> BNF-key ranges at once, each a binary COPY FREEZE over its own
    /// connection, attached to the month's partition in this transaction (<see cref="FactPartCopy"/>); each writer also proves
    /// its range's stored keys strictly increasing, so the checks need not scan the month for duplicates once more.</summary>
    protected override async Task<FactWritten> WriteFactAsync(DbConnection connection, DbTransaction transaction, YearMonth month,
        IEnumerable<FactBlock> blocks, IReadOnlyList<int> splitKeys, Action<long> onRows, CancellationToken cancellationToken)
    {
        var (rows, keysIncreasing) = await FactPartCopy.WriteAsync((NpgsqlConnection)connection, month, blocks, splitKeys, onRows, cancellationToken)
            .ConfigureAwait(false);
        return new FactWritten(rows, keysIncreasing);
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

    protected override async Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, YearMonth month, ArrangedMonth fact,
        CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var rollups = MonthPartitions.Name("rollup_bnf_practice_month", month);
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
            $"{MonthPartitions.Name("rollup_practice_month", month)} (month_key, practice_key, items, quantity_milli, nic_pence, actual_cost_e5)", 6,
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
        // A BRIN index maintained row by row leaves the block ranges of a freshly emptied table unsummarised, and an unsummarised
        // range matches every query: without this, a chapter's map read every rollup row of every month.
        await Sql.ExecAsync(npgsql, $"""
            SELECT brin_summarize_new_values(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE i.indrelid = '{rollups}'::regclass AND a.amname = 'brin'
            """, cancellationToken).ConfigureAwait(false);
        // The web's queries are planned on these statistics (BRIN is only chosen with a correlation to go on); gathered here they
        // are in place when the month becomes visible. (The fact's ranges are analysed by their writers.)
        await Sql.ExecAsync(npgsql, $"ANALYZE {rollups}, {MonthPartitions.Name("rollup_practice_month", month)}, dim_practice, dim_bnf, dim_postcode",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A raw binary COPY into a month partition created or truncated in this transaction (hence FREEZE), the rows
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

    /// <summary>Creates the month's partitions if missing; the old month stays readable until <see cref="FactPartCopy"/>
    /// empties it just before attaching the new fact (<see cref="MonthPartitions.EmptyAsync"/>).</summary>
    protected override async Task PrepareMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        // From here to commit, the checks' sorts and hashes over the month's rows stay in memory.
        await Sql.ExecAsync(npgsql, $"SET LOCAL work_mem = '{workMem}'", cancellationToken).ConfigureAwait(false);
        await MonthPartitions.PrepareAsync(npgsql, month, cancellationToken).ConfigureAwait(false);
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
