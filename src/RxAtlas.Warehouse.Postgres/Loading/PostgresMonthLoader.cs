using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Loads one month in ONE transaction: binary COPY into a temp stage, dimension upserts, the month's fact
/// partition created (or truncated on reload) and filled with per practice × presentation sums in bnf_key order, then
/// every check. Any exception or failing error-level check rolls everything back.</summary>
internal sealed class PostgresMonthLoader(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<LoadReport> LoadAsync(IMonthRelease release, IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var month = release.Month;
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        List<CheckResult> checks;
        SourceTotals streamed;
        long factRows;
        try
        {
            streamed = await PrescribingStage.CopyAsync(connection, release, rowsRead, cancellationToken).ConfigureAwait(false);
            await ReferenceUpsert.UpsertAsync(connection, new ReferenceData(release.Practices, release.Bnf, release.Postcodes), cancellationToken).ConfigureAwait(false);
            await ReferenceUpsert.AddMissingFromStageAsync(connection, cancellationToken).ConfigureAwait(false);
            factRows = await FillPartitionAsync(connection, month, cancellationToken).ConfigureAwait(false);
            await RecordLoadAsync(connection, release, factRows, cancellationToken).ConfigureAwait(false);

            checks = await PostgresChecks.RunAsync(connection, month, cancellationToken).ConfigureAwait(false);
            if (streamed != release.Totals) checks.Insert(0, StreamMismatch(month, streamed, release.Totals));
            var failed = checks.Where(c => c.Severity == CheckSeverity.Error && !c.Passed).ToList();
            if (failed.Count > 0)
            {
                throw new LoadFailedException(month, "check " + string.Join(", ", failed.Select(c => $"{c.Name} failed ({c.Detail})")), checks);
            }
            await PostgresChecks.RecordAsync(connection, checks, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LoadFailedException)
        {
            await RollbackAsync(tx).ConfigureAwait(false);
            throw;
        }
        catch (DataFormatException e)
        {
            await RollbackAsync(tx).ConfigureAwait(false);
            throw new LoadFailedException(month, e.Message, [], e);
        }
        catch
        {
            await RollbackAsync(tx).ConfigureAwait(false);
            throw;
        }
        return new LoadReport(month, streamed.Rows, factRows, release.Totals, checks, clock.Elapsed);
    }

    /// <summary>The partition's name for a month: <c>fact_prescribing_201911</c>.</summary>
    public static string PartitionName(YearMonth month) => "fact_prescribing_" + month.Key.ToString(CultureInfo.InvariantCulture);

    private static async Task<long> FillPartitionAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        var key = month.Key.ToString(CultureInfo.InvariantCulture);
        var partition = PartitionName(month);
        await Sql.ExecAsync(connection,
            $"""
            INSERT INTO dim_month (month_key, month) VALUES ({key}, DATE '{month.FirstDay:yyyy-MM-dd}') ON CONFLICT (month_key) DO NOTHING;
            CREATE TABLE IF NOT EXISTS {partition} PARTITION OF fact_prescribing FOR VALUES IN ({key});
            TRUNCATE {partition};
            """, cancellationToken).ConfigureAwait(false);
        return await Sql.ExecAsync(connection,
            $"""
            INSERT INTO {partition} (month_key, practice_key, bnf_key, items, quantity_milli, nic_pence, actual_cost_e5)
            SELECT {key}, p.practice_key, b.bnf_key, sum(s.items), sum(s.quantity_milli), sum(s.nic_pence), sum(s.actual_cost_e5)
            FROM {PrescribingStage.Table} s
            JOIN dim_practice p ON p.practice_code = s.practice_code
            JOIN dim_bnf b ON b.presentation_code = s.bnf_code
            GROUP BY b.bnf_key, p.practice_key
            ORDER BY b.bnf_key, p.practice_key
            """, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RecordLoadAsync(NpgsqlConnection connection, IMonthRelease release, long factRows, CancellationToken cancellationToken)
    {
        var t = release.Totals;
        await Sql.ExecAsync(connection,
            """
            INSERT INTO meta.loads (month_key, source, source_rows, fact_rows, items, quantity_milli, nic_pence, actual_cost_e5, loaded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
            ON CONFLICT (month_key) DO UPDATE SET source = EXCLUDED.source, source_rows = EXCLUDED.source_rows,
                fact_rows = EXCLUDED.fact_rows, items = EXCLUDED.items, quantity_milli = EXCLUDED.quantity_milli,
                nic_pence = EXCLUDED.nic_pence, actual_cost_e5 = EXCLUDED.actual_cost_e5, loaded_at = EXCLUDED.loaded_at
            """, cancellationToken,
            release.Month.Key, release.Description, t.Rows, factRows, t.Items, t.QuantityMilli, t.NicPence, t.ActualCostE5).ConfigureAwait(false);
    }

    private static CheckResult StreamMismatch(YearMonth month, SourceTotals streamed, SourceTotals reported) =>
        new("source_totals_consistent", CheckSeverity.Error, false, month,
            $"rows streamed {streamed} differ from the reader's reported totals {reported}");

    private static async Task RollbackAsync(NpgsqlTransaction tx)
    {
        try
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is broken; the server discards the transaction on its own.
        }
        catch (InvalidOperationException)
        {
            // Already completed.
        }
    }
}
