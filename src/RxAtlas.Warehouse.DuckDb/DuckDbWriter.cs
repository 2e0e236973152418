using System.Data.Common;
using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>DuckDB staging for <see cref="WarehouseWriter"/>: temporary tables filled through <see cref="DuckDBAppender"/>,
/// which appends within the connection's open transaction (so a rollback discards the staged rows too).</summary>
internal sealed class DuckDbWriter(TimeProvider clock) : WarehouseWriter(DuckDbDialect.Instance, clock)
{
    protected override async Task<long> StagePrescribingAsync(DbConnection connection, DbTransaction transaction, IEnumerable<StagedRowBatch> batches,
        Action<long> onRows, CancellationToken cancellationToken)
    {
        await CreateTempAsync(connection, transaction, StagingTables.Prescribing,
            "practice_id INTEGER, bnf_id INTEGER, items BIGINT, quantity_milli BIGINT, nic_pence BIGINT, actual_cost_e5 BIGINT", cancellationToken).ConfigureAwait(false);
        long count = 0;
        using var appender = Appender(connection, StagingTables.Prescribing);
        foreach (var batch in batches)
        {
            var (practices, bnf, items, quantity, nic, cost) = (batch.PracticeIds, batch.BnfIds, batch.Items, batch.QuantityMilli, batch.NicPence, batch.ActualCostE5);
            for (var i = 0; i < batch.Count; i++)
            {
                appender.CreateRow().AppendValue(practices[i]).AppendValue(bnf[i]).AppendValue(items[i]).AppendValue(quantity[i])
                    .AppendValue(nic[i]).AppendValue(cost[i]).EndRow();
            }
            count += batch.Count;
            onRows(count);
        }
        appender.Close();
        return count;
    }

    protected override async Task StageCodeIdsAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> codes,
        CancellationToken cancellationToken)
    {
        await CreateTempAsync(connection, transaction, table, "id INTEGER, code VARCHAR", cancellationToken).ConfigureAwait(false);
        using var appender = Appender(connection, table);
        for (var i = 0; i < codes.Count; i++) appender.CreateRow().AppendValue(i).AppendValue(codes[i]).EndRow();
        appender.Close();
    }

    protected override async Task StagePracticesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PracticeRecord> practices, CancellationToken cancellationToken)
    {
        await CreateTempAsync(connection, transaction, StagingTables.Practices,
            "practice_code VARCHAR, " + string.Join(", ", StagingTables.PracticeAttributes.Select(c => c + " VARCHAR")) + ", is_unidentified BOOLEAN",
            cancellationToken).ConfigureAwait(false);
        using var appender = Appender(connection, StagingTables.Practices);
        foreach (var p in practices)
        {
            appender.CreateRow().Text(p.PracticeCode).Text(p.Name).Text(p.Address).Text(p.Postcode).Text(p.RegionCode).Text(p.RegionName)
                .Text(p.IcbCode).Text(p.IcbName).Text(p.SubIcbCode).Text(p.SubIcbName).Text(p.Setting).Text(p.Status)
                .AppendValue(p.IsUnidentified).EndRow();
        }
        appender.Close();
    }

    protected override async Task StageBnfAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<StagedBnf> rows, CancellationToken cancellationToken)
    {
        await CreateTempAsync(connection, transaction, StagingTables.Bnf,
            "bnf_key INTEGER, is_new BOOLEAN, bnf_code VARCHAR, presentation VARCHAR, " + string.Join(", ", StagingTables.BnfLevelColumns.Select(c => c + " VARCHAR")),
            cancellationToken).ConfigureAwait(false);
        using var appender = Appender(connection, StagingTables.Bnf);
        foreach (var (b, key) in rows)
        {
            appender.CreateRow().AppendValue(key ?? 0).AppendValue(key is not null).Text(b.PresentationCode).Text(b.Presentation)
                .Text(b.ProductCode).Text(b.Product).Text(b.ChemicalCode).Text(b.Chemical).Text(b.SubparagraphCode).Text(b.Subparagraph)
                .Text(b.ParagraphCode).Text(b.Paragraph).Text(b.SectionCode).Text(b.Section).Text(b.ChapterCode).Text(b.Chapter)
                .EndRow();
        }
        appender.Close();
    }

    protected override async Task StagePostcodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PostcodeLocation> postcodes, CancellationToken cancellationToken)
    {
        await CreateTempAsync(connection, transaction, StagingTables.Postcodes,
            "postcode VARCHAR, latitude DOUBLE, longitude DOUBLE, " + string.Join(", ", StagingTables.PostcodeAttributes.Skip(2).Select(c => c + " VARCHAR")),
            cancellationToken).ConfigureAwait(false);
        using var appender = Appender(connection, StagingTables.Postcodes);
        foreach (var p in postcodes)
        {
            appender.CreateRow().Text(p.Postcode).Number(p.Latitude).Number(p.Longitude).Text(p.County).Text(p.RegionCode).Text(p.RegionName)
                .Text(p.IcbCode).Text(p.IcbName).Text(p.SubIcbCode).Text(p.SubIcbName).EndRow();
        }
        appender.Close();
    }

    private static Task CreateTempAsync(DbConnection connection, DbTransaction transaction, string table, string columns, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {table} ({columns})", transaction, cancellationToken);

    private static DuckDBAppender Appender(DbConnection connection, string table) => DuckDbAppend.Temp((DuckDBConnection)connection, table);
}
