using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Loads one month in ONE transaction: binary COPY into a temp stage, dimension upserts, the month's fact
/// partition created (or truncated on reload) and filled with per practice × presentation sums in bnf_key order, then
/// every check. Any exception or failing error-level check rolls everything back, partition creation included.</summary>
internal sealed class PostgresMonthLoader(NpgsqlDataSource dataSource, TimeProvider time, string workMem)
{
    public async Task<LoadReport> LoadAsync(IMonthRelease release, IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var month = release.Month;
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CheckResult> checks = [];
        try
        {
            await Sql.ExecAsync(connection, $"SET LOCAL work_mem = '{workMem}'", cancellationToken).ConfigureAwait(false);
            var streamed = await PrescribingStage.CopyAsync(connection, release, rowsRead, cancellationToken).ConfigureAwait(false);

            var practicesSeen = await DistinctAsync(connection, "practice_code", cancellationToken).ConfigureAwait(false);
            var bnfSeen = await DistinctAsync(connection, "bnf_code", cancellationToken).ConfigureAwait(false);
            await ReferenceUpsert.UpsertPracticesAsync(connection,
                release.Practices.Concat(practicesSeen.Select(c => new PracticeRecord(c, null, null, null))), cancellationToken).ConfigureAwait(false);
            await ReferenceUpsert.UpsertBnfAsync(connection, release.Bnf, bnfSeen, cancellationToken).ConfigureAwait(false);
            await ReferenceUpsert.UpsertPostcodesAsync(connection, release.Postcodes, cancellationToken).ConfigureAwait(false);

            var distinctKeys = await Sql.ScalarAsync<long>(connection,
                $"SELECT count(*) FROM (SELECT DISTINCT practice_code, bnf_code FROM {PrescribingStage.Table}) k", cancellationToken).ConfigureAwait(false);
            var expected = new MonthExpectation(release.Totals, streamed.Rows, distinctKeys);
            var factRows = await FillPartitionAsync(connection, month, cancellationToken).ConfigureAwait(false);
            await Rollups.RebuildAsync(connection, month.Key, cancellationToken).ConfigureAwait(false);
            await RecordLoadAsync(connection, release, expected, factRows, cancellationToken).ConfigureAwait(false);

            await Sql.ExecAsync(connection, "UPDATE meta.info SET value = (value::bigint + 1)::text WHERE key = 'data_version'", cancellationToken).ConfigureAwait(false);

            checks = await QualityChecks.RunAsync(connection, tx, PostgresDialect.Instance, month, expected, cancellationToken).ConfigureAwait(false);
            var failed = checks.Where(c => c.Severity == CheckSeverity.Error && !c.Passed).ToList();
            if (failed.Count > 0)
            {
                throw new LoadFailedException(month,
                    $"{failed.Count} error-level check(s) failed: " + string.Join("; ", failed.Select(f => $"{f.Name} ({f.Detail})")), checks);
            }
            await QualityChecks.RecordAsync(connection, tx, PostgresDialect.Instance, checks, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new LoadReport(month, streamed.Rows, factRows, release.Totals, checks, clock.Elapsed);
        }
        catch (Exception e) when (e is LoadFailedException or OperationCanceledException)
        {
            await RollbackAsync(tx).ConfigureAwait(false);
            throw;
        }
        catch (Exception e)
        {
            // Bad input (DataFormatException), a server error: same wrapping as the DuckDB engine.
            await RollbackAsync(tx).ConfigureAwait(false);
            throw new LoadFailedException(month, $"{release.Description}: {e.Message}", checks, e);
        }
    }

    /// <summary>What <c>meta.loads</c> recorded for each loaded month (or just <paramref name="month"/>), oldest first, for
    /// re-running checks without the source.</summary>
    public static async Task<List<(YearMonth Month, MonthExpectation Expected)>> ExpectationsAsync(NpgsqlConnection connection, YearMonth? month,
        CancellationToken cancellationToken)
    {
        await using var cmd = Sql.Command(connection,
            """
            SELECT month_key, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys
            FROM meta.loads WHERE $1::integer IS NULL OR month_key = $1 ORDER BY month_key
            """, month?.Key);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var loads = new List<(YearMonth, MonthExpectation)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            loads.Add((YearMonth.FromKey(reader.GetInt32(0)), new MonthExpectation(
                new SourceTotals(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)),
                reader.GetInt64(6), reader.GetInt64(7))));
        }
        return loads;
    }

    private static async Task<List<string>> DistinctAsync(NpgsqlConnection connection, string column, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand($"SELECT DISTINCT {column} FROM {PrescribingStage.Table}", connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var codes = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) codes.Add(reader.GetString(0));
        return codes;
    }

    private static async Task<long> FillPartitionAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        var key = month.Key.ToString(CultureInfo.InvariantCulture);
        var partition = MonthPartitions.Name("fact_prescribing", month);
        var fyStart = month.Month >= 4 ? month.Year : month.Year - 1;
        await Sql.ExecAsync(connection,
            $"""
            INSERT INTO dim_month (month_key, month, year, month_of_year, quarter, financial_year)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (month_key) DO NOTHING
            """, cancellationToken,
            month.Key, month.FirstDay, month.Year, month.Month, (month.Month - 1) / 3 + 1,
            string.Create(CultureInfo.InvariantCulture, $"{fyStart}/{(fyStart + 1) % 100:D2}")).ConfigureAwait(false);
        await MonthPartitions.ReplaceAsync(connection, month, cancellationToken).ConfigureAwait(false);
        return await Sql.ExecAsync(connection,
            $"""
            INSERT INTO {partition} (month_key, practice_key, bnf_key, items, quantity_milli, nic_pence, actual_cost_e5)
            SELECT {key}, p.practice_key, b.bnf_key, sum(s.items), sum(s.quantity_milli), sum(s.nic_pence), sum(s.actual_cost_e5)
            FROM {PrescribingStage.Table} s
            JOIN dim_practice p ON p.practice_code = s.practice_code
            JOIN dim_bnf b ON b.bnf_code = s.bnf_code
            GROUP BY b.bnf_key, p.practice_key
            ORDER BY b.bnf_key, p.practice_key
            """, cancellationToken).ConfigureAwait(false);
    }

    private async Task RecordLoadAsync(NpgsqlConnection connection, IMonthRelease release, MonthExpectation expected, long factRows, CancellationToken cancellationToken)
    {
        var t = expected.Totals;
        await Sql.ExecAsync(connection, "DELETE FROM meta.loads WHERE month_key = $1", cancellationToken, release.Month.Key).ConfigureAwait(false);
        await Sql.ExecAsync(connection,
            """
            INSERT INTO meta.loads (month_key, source, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys, fact_rows, loaded_at, rolled_up, published_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, true, NULL)
            """, cancellationToken,
            release.Month.Key, release.Description, t.Rows, t.Items, t.QuantityMilli, t.NicPence, t.ActualCostE5,
            expected.StagedRows, expected.DistinctKeys, factRows, time.GetUtcNow().UtcDateTime).ConfigureAwait(false);
    }

    private static async Task RollbackAsync(NpgsqlTransaction tx)
    {
        try
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection broke; the server discards the transaction on its own.
        }
        catch (InvalidOperationException)
        {
            // Already completed.
        }
    }
}
