using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>PostgreSQL staging for the shared <see cref="WarehouseWriter"/>: every staging table is a temporary table filled
/// by binary COPY (<see cref="NpgsqlConnection.BeginBinaryImportAsync"/>) straight from the objects — no text, no file. An
/// exception from the source aborts the COPY and the shared writer rolls the transaction back. Before a month is replaced,
/// its fact and rollup partitions are created (or truncated), inside the same transaction.</summary>
internal sealed class PostgresWriter(TimeProvider clock, string workMem) : WarehouseWriter(PostgresDialect.Instance, clock)
{
    protected override async Task<long> StagePrescribingAsync(DbConnection connection, DbTransaction transaction, IEnumerable<StagedRowBatch> batches,
        Action<long> onRows, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        // The first statement of a load: from here to commit, sorts and hashes over the month's rows stay in memory.
        await Sql.ExecAsync(npgsql, $"SET LOCAL work_mem = '{workMem}'", cancellationToken).ConfigureAwait(false);
        await CreateTempAsync(npgsql, StagingTables.Prescribing,
            "practice_id INTEGER, bnf_id INTEGER, items BIGINT, quantity_milli BIGINT, nic_pence BIGINT, actual_cost_e5 BIGINT", cancellationToken).ConfigureAwait(false);
        long count = 0;
        await using (var writer = await BeginCopyAsync(npgsql, StagingTables.Prescribing, cancellationToken).ConfigureAwait(false))
        {
            foreach (var batch in batches)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    // Synchronous writes: the importer buffers and blocks only when it flushes a full buffer to the socket.
                    writer.StartRow();
                    writer.Write(batch.PracticeIds[i], NpgsqlDbType.Integer);
                    writer.Write(batch.BnfIds[i], NpgsqlDbType.Integer);
                    writer.Write(batch.Items[i], NpgsqlDbType.Bigint);
                    writer.Write(batch.QuantityMilli[i], NpgsqlDbType.Bigint);
                    writer.Write(batch.NicPence[i], NpgsqlDbType.Bigint);
                    writer.Write(batch.ActualCostE5[i], NpgsqlDbType.Bigint);
                }
                count += batch.Count;
                onRows(count);
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        // Temp tables are never auto-analysed; the planner needs row counts to hash-join a month's worth of rows.
        await Sql.ExecAsync(npgsql, $"ANALYZE {StagingTables.Prescribing}", cancellationToken).ConfigureAwait(false);
        return count;
    }

    protected override async Task StageCodeIdsAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> codes,
        CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await CreateTempAsync(npgsql, table, "id INTEGER, code TEXT", cancellationToken).ConfigureAwait(false);
        await using (var writer = await BeginCopyAsync(npgsql, table, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < codes.Count; i++)
            {
                writer.StartRow();
                writer.Write(i, NpgsqlDbType.Integer);
                writer.Write(codes[i], NpgsqlDbType.Text);
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await Sql.ExecAsync(npgsql, $"ANALYZE {table}", cancellationToken).ConfigureAwait(false);
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

    /// <summary>Creates or empties the month's partitions (TRUNCATE instead of deleting row by row; rolled back with the
    /// load if it fails).</summary>
    protected override Task PrepareMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken) =>
        MonthPartitions.ReplaceAsync((NpgsqlConnection)connection, month, cancellationToken);

    private static Task CreateTempAsync(NpgsqlConnection connection, string table, string columns, CancellationToken cancellationToken) =>
        Sql.ExecAsync(connection, $"DROP TABLE IF EXISTS {table}; CREATE TEMP TABLE {table} ({columns})", cancellationToken);

    private static Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);

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
