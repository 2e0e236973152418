using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Streams a release's prescribing rows into a transaction-scoped temp table with binary COPY: no text, no
/// intermediate file. An exception from the reader aborts the COPY; the caller rolls the transaction back.</summary>
internal static class PrescribingStage
{
    public const string Table = "stage_prescribing";
    private const int ProgressEvery = 100_000;

    public static async Task<SourceTotals> CopyAsync(NpgsqlConnection connection, IMonthRelease release, IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        await Sql.ExecAsync(connection,
            $"""
            CREATE TEMP TABLE {Table} (
                practice_code  TEXT   NOT NULL,
                bnf_code       TEXT   NOT NULL,
                items          BIGINT NOT NULL,
                quantity_milli BIGINT NOT NULL,
                nic_pence      BIGINT NOT NULL,
                actual_cost_e5 BIGINT NOT NULL
            ) ON COMMIT DROP
            """, cancellationToken).ConfigureAwait(false);

        long rows = 0, items = 0, quantity = 0, nic = 0, cost = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"COPY {Table} (practice_code, bnf_code, items, quantity_milli, nic_pence, actual_cost_e5) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in release.ReadPrescribing())
            {
                // Synchronous writes: the importer buffers and only blocks when it flushes a full buffer to the socket.
                writer.StartRow();
                writer.Write(row.PracticeCode, NpgsqlDbType.Text);
                writer.Write(row.BnfCode, NpgsqlDbType.Text);
                writer.Write(row.Items, NpgsqlDbType.Bigint);
                writer.Write(row.QuantityMilli, NpgsqlDbType.Bigint);
                writer.Write(row.NicPence, NpgsqlDbType.Bigint);
                writer.Write(row.ActualCostE5, NpgsqlDbType.Bigint);
                rows++;
                items += row.Items;
                quantity += row.QuantityMilli;
                nic += row.NicPence;
                cost += row.ActualCostE5;
                if (rows % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rowsRead?.Report(rows);
                }
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        rowsRead?.Report(rows);
        await Sql.ExecAsync(connection, $"ANALYZE {Table}", cancellationToken).ConfigureAwait(false);
        return new SourceTotals(rows, items, quantity, nic, cost);
    }
}
