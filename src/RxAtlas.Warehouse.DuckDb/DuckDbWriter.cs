using System.Data.Common;
using System.Text;
using DuckDB.NET.Data;
using DuckDBType = DuckDB.NET.Native.DuckDBType;
using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Loading.Arranging;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>DuckDB's bulk paths for <see cref="WarehouseWriter"/>: the month's fact and rollups go straight into their tables as
/// native data chunks (<see cref="DuckDbChunkAppender"/>); reference data into temporary tables through
/// <see cref="DuckDBAppender"/>. Both append within the connection's open transaction, so a rollback discards them too.</summary>
internal sealed class DuckDbWriter(TimeProvider clock) : WarehouseWriter(DuckDbDialect.Instance, clock)
{
    protected override Task<FactWritten> WriteFactAsync(DbConnection connection, DbTransaction transaction, YearMonth month, IEnumerable<FactBlock> blocks,
        IReadOnlyList<int> splitKeys, Action<long> onRows, CancellationToken cancellationToken)
    {
        using var appender = new DuckDbChunkAppender((DuckDBConnection)connection, "fact_prescribing",
            DuckDBType.Integer, DuckDBType.Integer, DuckDBType.Integer, DuckDBType.Integer, DuckDBType.BigInt, DuckDBType.BigInt, DuckDBType.BigInt);
        long total = 0;
        foreach (var block in blocks)
        {
            for (var start = 0; start < block.Count; start += appender.Capacity)
            {
                var n = Math.Min(appender.Capacity, block.Count - start);
                appender.Column<int>(0)[..n].Fill(month.Key);
                block.PracticeKeys.AsSpan(start, n).CopyTo(appender.Column<int>(1));
                block.BnfKeys.AsSpan(start, n).CopyTo(appender.Column<int>(2));
                block.Items.AsSpan(start, n).CopyTo(appender.Column<int>(3));
                block.QuantityMilli.AsSpan(start, n).CopyTo(appender.Column<long>(4));
                block.NicPence.AsSpan(start, n).CopyTo(appender.Column<long>(5));
                block.ActualCostE5.AsSpan(start, n).CopyTo(appender.Column<long>(6));
                appender.Append(n);
            }
            total += block.Count;
            onRows(total);
        }
        appender.Close();
        return Task.FromResult(new FactWritten(total, KeysProvenIncreasing: false));
    }

    protected override Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, YearMonth month, ArrangedMonth fact,
        FactWritten written, CancellationToken cancellationToken)
    {
        var duck = (DuckDBConnection)connection;
        using (var appender = new DuckDbChunkAppender(duck, "rollup_bnf_practice_month", DuckDBType.Integer, DuckDBType.Integer, DuckDBType.Varchar,
                   DuckDBType.Integer, DuckDBType.BigInt, DuckDBType.BigInt, DuckDBType.BigInt, DuckDBType.BigInt))
        {
            var utf8 = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            using var rollups = fact.Rollups.GetEnumerator();
            var more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var monthKey = appender.Column<int>(0);
                var level = appender.Column<int>(1);
                var practice = appender.Column<int>(3);
                var measures = new MeasureColumns(appender, 4);
                var n = 0;
                while (n < appender.Capacity && (more = rollups.MoveNext()))
                {
                    var r = rollups.Current;
                    monthKey[n] = month.Key;
                    level[n] = r.LevelLength;
                    if (!utf8.TryGetValue(r.Prefix, out var prefix)) utf8[r.Prefix] = prefix = Encoding.UTF8.GetBytes(r.Prefix);
                    appender.SetText(2, n, prefix);
                    practice[n] = r.PracticeKey;
                    measures.Set(n, r.Items, r.QuantityMilli, r.NicPence, r.ActualCostE5);
                    n++;
                }
                appender.Append(n);
            }
            appender.Close();
        }
        using (var appender = new DuckDbChunkAppender(duck, "rollup_practice_month", DuckDBType.Integer, DuckDBType.Integer,
                   DuckDBType.BigInt, DuckDBType.BigInt, DuckDBType.BigInt, DuckDBType.BigInt))
        {
            var totals = fact.PracticeTotals;
            for (var start = 0; start < totals.Count; start += appender.Capacity)
            {
                var n = Math.Min(appender.Capacity, totals.Count - start);
                var monthKey = appender.Column<int>(0);
                var practice = appender.Column<int>(1);
                var measures = new MeasureColumns(appender, 2);
                for (var i = 0; i < n; i++)
                {
                    var t = totals[start + i];
                    (monthKey[i], practice[i]) = (month.Key, t.PracticeKey);
                    measures.Set(i, t.Items, t.QuantityMilli, t.NicPence, t.ActualCostE5);
                }
                appender.Append(n);
            }
            appender.Close();
        }
        return Task.CompletedTask;
    }

    /// <summary>The four measure columns both rollup tables end with (items, quantity, NIC, actual cost, all BIGINT), from column
    /// <paramref name="first"/> of the chunk being filled.</summary>
    private readonly ref struct MeasureColumns(DuckDbChunkAppender appender, int first)
    {
        private readonly Span<long> _items = appender.Column<long>(first), _quantity = appender.Column<long>(first + 1),
            _nic = appender.Column<long>(first + 2), _cost = appender.Column<long>(first + 3);

        public void Set(int row, long items, long quantityMilli, long nicPence, long actualCostE5) =>
            (_items[row], _quantity[row], _nic[row], _cost[row]) = (items, quantityMilli, nicPence, actualCostE5);
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
