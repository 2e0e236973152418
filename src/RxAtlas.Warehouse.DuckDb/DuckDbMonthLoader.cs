using System.Data.Common;
using System.Diagnostics;
using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>Loads one month in one transaction: stage → dimensions → replace the month's fact and rollups → checks →
/// commit or roll back.</summary>
internal static class DuckDbMonthLoader
{
    /// <summary>How often (in rows) progress is reported and cancellation observed while streaming.</summary>
    public const int ProgressInterval = 100_000;

    public static async Task<LoadReport> LoadAsync(DuckDBConnection connection, IMonthRelease release, IProgress<long>? rowsRead, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var month = release.Month;
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CheckResult> checks = [];
        try
        {
            var staged = await StageAsync(connection, transaction, release, rowsRead, cancellationToken).ConfigureAwait(false);
            var stats = await new SqlText(DuckDbDialect.Instance)
                .Append("SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT DISTINCT practice_code, bnf_code FROM stage_rx) d) FROM stage_rx")
                .ListAsync(connection, r => (Rows: r.Int64(0), Keys: r.Int64(1)), transaction, cancellationToken).ConfigureAwait(false);
            var practicesSeen = await Distinct(connection, transaction, "practice_code", cancellationToken).ConfigureAwait(false);
            var codesSeen = await Distinct(connection, transaction, "bnf_code", cancellationToken).ConfigureAwait(false);

            await InsertMonthAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
            await DuckDbDimensions.UpsertPracticesAsync(connection, transaction,
                release.Practices.Concat(practicesSeen.Select(c => new PracticeRecord(c, null, null, null))), cancellationToken).ConfigureAwait(false);
            await DuckDbDimensions.UpsertBnfAsync(connection, transaction, release.Bnf, codesSeen, cancellationToken).ConfigureAwait(false);
            await DuckDbDimensions.UpsertPostcodesAsync(connection, transaction, release.Postcodes, cancellationToken).ConfigureAwait(false);

            var m = new SqlText(DuckDbDialect.Instance);
            m.Append($"DELETE FROM fact_prescribing WHERE month_key = {m.Param(month.Key)}");
            await m.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var insert = new SqlText(DuckDbDialect.Instance);
            var factRows = await insert.Append($"""
                INSERT INTO fact_prescribing (month_key, practice_key, bnf_key, items, quantity_milli, nic_pence, actual_cost_e5)
                SELECT {insert.Param(month.Key)}, p.practice_key, b.bnf_key, SUM(s.items), SUM(s.quantity_milli), SUM(s.nic_pence), SUM(s.actual_cost_e5)
                FROM stage_rx s
                JOIN dim_practice p ON p.practice_code = s.practice_code
                JOIN dim_bnf b ON b.bnf_code = s.bnf_code
                GROUP BY p.practice_key, b.bnf_key
                ORDER BY b.bnf_key, p.practice_key
                """).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            await DuckDbSchema.RebuildRollupsAsync(connection, transaction, month.Key, cancellationToken).ConfigureAwait(false);

            var totals = release.Totals;
            var expectation = new MonthExpectation(totals, stats[0].Rows, stats[0].Keys);
            await RecordLoadAsync(connection, transaction, release, expectation, factRows, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await DuckDbSchema.BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            checks = await QualityChecks.RunAsync(connection, transaction, DuckDbDialect.Instance, month, expectation, cancellationToken).ConfigureAwait(false);
            var failed = checks.Where(c => c.Severity == CheckSeverity.Error && !c.Passed).ToList();
            if (failed.Count > 0)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw new LoadFailedException(month,
                    $"{failed.Count} error-level check(s) failed: " + string.Join("; ", failed.Select(f => $"{f.Name} ({f.Detail})")), checks);
            }
            await QualityChecks.RecordAsync(connection, transaction, DuckDbDialect.Instance, checks, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync("DROP TABLE stage_rx", transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new LoadReport(month, staged, factRows, totals, checks, stopwatch.Elapsed);
        }
        catch (LoadFailedException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            throw new LoadFailedException(month, $"{release.Description}: {ex.Message}", checks, ex);
        }
    }

    /// <summary>Streams the source rows into the temporary <c>stage_rx</c> table at their raw grain; returns the row count.</summary>
    private static async Task<long> StageAsync(DuckDBConnection connection, DbTransaction transaction, IMonthRelease release, IProgress<long>? rowsRead,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE stage_rx (practice_code VARCHAR, bnf_code VARCHAR, items BIGINT, quantity_milli BIGINT, nic_pence BIGINT, actual_cost_e5 BIGINT)
            """, transaction, cancellationToken).ConfigureAwait(false);
        long rows = 0;
        using (var appender = DuckDbAppend.Temp(connection, "stage_rx"))
        {
            foreach (var row in release.ReadPrescribing())
            {
                appender.CreateRow().Text(row.PracticeCode).Text(row.BnfCode).AppendValue(row.Items).AppendValue(row.QuantityMilli)
                    .AppendValue(row.NicPence).AppendValue(row.ActualCostE5).EndRow();
                if (++rows % ProgressInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rowsRead?.Report(rows);
                }
            }
        }
        rowsRead?.Report(rows);
        return rows;
    }

    private static async Task<List<string>> Distinct(DuckDBConnection connection, DbTransaction transaction, string column, CancellationToken cancellationToken) =>
        await new SqlText(DuckDbDialect.Instance).Append($"SELECT DISTINCT {column} FROM stage_rx WHERE {column} IS NOT NULL")
            .ListAsync(connection, r => r.GetString(0), transaction, cancellationToken).ConfigureAwait(false);

    private static async Task InsertMonthAsync(DuckDBConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken)
    {
        var fy = month.Month >= 4 ? month.Year : month.Year - 1;
        var sql = new SqlText(DuckDbDialect.Instance);
        var key = sql.Param(month.Key);
        sql.Append($"""
            INSERT INTO dim_month (month_key, month, year, month_of_year, quarter, financial_year)
            SELECT {key}, {sql.Param(month.FirstDay.ToDateTime(TimeOnly.MinValue))}, {sql.Param(month.Year)}, {sql.Param(month.Month)},
                   {sql.Param((month.Month - 1) / 3 + 1)}, {sql.Param($"{fy}/{(fy + 1) % 100:D2}")}
            WHERE NOT EXISTS (SELECT 1 FROM dim_month WHERE month_key = {key})
            """);
        await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RecordLoadAsync(DuckDBConnection connection, DbTransaction transaction, IMonthRelease release, MonthExpectation expected,
        long factRows, DateTimeOffset loadedAt, CancellationToken cancellationToken)
    {
        var delete = new SqlText(DuckDbDialect.Instance);
        delete.Append($"DELETE FROM meta.loads WHERE month_key = {delete.Param(release.Month.Key)}");
        await delete.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var t = expected.Totals;
        var sql = new SqlText(DuckDbDialect.Instance);
        sql.Append($"""
            INSERT INTO meta.loads (month_key, source, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys, fact_rows, loaded_at, rolled_up, published_version)
            VALUES ({sql.Param(release.Month.Key)}, {sql.Param(release.Description)}, {sql.Param(t.Rows)}, {sql.Param(t.Items)}, {sql.Param(t.QuantityMilli)},
                    {sql.Param(t.NicPence)}, {sql.Param(t.ActualCostE5)}, {sql.Param(expected.StagedRows)}, {sql.Param(expected.DistinctKeys)},
                    {sql.Param(factRows)}, {sql.Param(DuckDbDialect.Instance.ToDbTimestamp(loadedAt))}, true, NULL)
            """);
        await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RollbackQuietlyAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // the transaction was already aborted by the engine; nothing was committed
        }
        catch (InvalidOperationException)
        {
        }
    }
}
