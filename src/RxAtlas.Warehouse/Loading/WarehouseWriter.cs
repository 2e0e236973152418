using System.Data.Common;
using System.Diagnostics;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.Keys;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Loading;

/// <summary>
/// Every write the warehouse makes, in engine-neutral SQL: month loads, reference upserts, checks and publishing. An engine
/// supplies only bulk staging into the temporary tables named in <see cref="StagingTables"/> (DuckDB: appender; PostgreSQL:
/// binary COPY). Callers serialise writers and pass a fresh connection.
/// </summary>
public abstract partial class WarehouseWriter(ISqlDialect dialect, TimeProvider clock)
{
    /// <summary>How often (in rows) progress is reported and cancellation observed while streaming.</summary>
    public const int ProgressInterval = 100_000;

    protected ISqlDialect Dialect => dialect;

    /// <summary>Creates <see cref="StagingTables.Prescribing"/> and appends every batch (on the calling thread; the batches
    /// are parsed concurrently by a <see cref="RowBatchPipeline"/>); returns the row count. Must call <paramref name="onRows"/>
    /// with the running row count after each batch (it reports progress and observes cancellation).</summary>
    protected abstract Task<long> StagePrescribingAsync(DbConnection connection, DbTransaction transaction, IEnumerable<StagedRowBatch> batches,
        Action<long> onRows, CancellationToken cancellationToken);

    /// <summary>Creates and fills an id → code table (<see cref="StagingTables.PracticeIds"/> or <see cref="StagingTables.BnfIds"/>):
    /// one row (id, code) per element of <paramref name="codes"/>, the id being its index.</summary>
    protected abstract Task StageCodeIdsAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> codes,
        CancellationToken cancellationToken);

    /// <summary>Creates and fills <see cref="StagingTables.Practices"/> (codes already normalised and unique).</summary>
    protected abstract Task StagePracticesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PracticeRecord> practices, CancellationToken cancellationToken);

    /// <summary>Creates and fills <see cref="StagingTables.Bnf"/>.</summary>
    protected abstract Task StageBnfAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<StagedBnf> rows, CancellationToken cancellationToken);

    /// <summary>Creates and fills <see cref="StagingTables.Postcodes"/> (postcodes already normalised and unique).</summary>
    protected abstract Task StagePostcodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PostcodeLocation> postcodes, CancellationToken cancellationToken);

    /// <summary>Called in the load transaction just before the month's fact and rollup rows are replaced: an engine can
    /// make room for the month here (PostgreSQL creates or truncates the month's partitions). Default: nothing.</summary>
    protected virtual Task PrepareMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Loads one month in one transaction: stage → dimensions → replace the month's fact and rollups → record → checks →
    /// commit, or roll back and throw <see cref="LoadFailedException"/>.</summary>
    public async Task<LoadReport> LoadMonthAsync(DbConnection connection, IMonthRelease release, IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        var month = release.Month;
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CheckResult> checks = [];
        var phases = new LoadPhases(stopwatch);
        try
        {
            long staged;
            IReadOnlyList<string> practicesSeen, codesSeen;
            using (var pipeline = new RowBatchPipeline(release.ReadPrescribing(), ProgressInterval, cancellationToken))
            {
                staged = await StagePrescribingAsync(connection, transaction, pipeline.Batches(), n =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    rowsRead?.Report(n);
                }, cancellationToken).ConfigureAwait(false);
                (practicesSeen, codesSeen) = (pipeline.Practices.Codes, pipeline.Bnf.Codes);
            }
            if (staged == 0) rowsRead?.Report(0);
            await StageCodeIdsAsync(connection, transaction, StagingTables.PracticeIds, practicesSeen, cancellationToken).ConfigureAwait(false);
            await StageCodeIdsAsync(connection, transaction, StagingTables.BnfIds, codesSeen, cancellationToken).ConfigureAwait(false);
            phases.Mark("stage");
            // Counted from staging (not from the fact), so the fact_rows_match_distinct_keys check stays independent of the transform.
            var stats = (await Sql($"SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT practice_id, bnf_id FROM {StagingTables.Prescribing} GROUP BY practice_id, bnf_id) d) FROM {StagingTables.Prescribing}")
                .ListAsync(connection, r => (Rows: r.Int64(0), Keys: r.Int64(1)), transaction, cancellationToken).ConfigureAwait(false))[0];
            phases.Mark("count staged keys");

            await InsertMonthAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
            await UpsertPracticesAsync(connection, transaction, release.Practices.Concat(practicesSeen.Select(c => new PracticeRecord(c, null, null, null))), cancellationToken).ConfigureAwait(false);
            await UpsertBnfAsync(connection, transaction, release.Bnf, codesSeen, cancellationToken).ConfigureAwait(false);
            await UpsertPostcodesAsync(connection, transaction, release.Postcodes, cancellationToken).ConfigureAwait(false);

            phases.Mark("upsert dimensions");
            await PrepareMonthAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
            var delete = new SqlText(dialect);
            await delete.Append($"DELETE FROM fact_prescribing WHERE month_key = {delete.Param(month.Key)}").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            // Ids map 1:1 to codes and codes to keys, so when every staged (practice, presentation) pair is distinct (as in PDPI
            // files) grouping would change nothing and is skipped; otherwise (EPD's per-pack rows) rows are summed per key.
            var alreadyOnePerKey = stats.Keys == stats.Rows;
            var insert = new SqlText(dialect);
            var factRows = await insert.Append($"""
                INSERT INTO fact_prescribing (month_key, practice_key, bnf_key, items, quantity_milli, nic_pence, actual_cost_e5)
                SELECT {insert.Param(month.Key)}, p.practice_key, b.bnf_key, {(alreadyOnePerKey
                    ? "s.items, s.quantity_milli, s.nic_pence, s.actual_cost_e5"
                    : "SUM(s.items), SUM(s.quantity_milli), SUM(s.nic_pence), SUM(s.actual_cost_e5)")}
                FROM {StagingTables.Prescribing} s
                JOIN (SELECT i.id, d.practice_key FROM {StagingTables.PracticeIds} i JOIN dim_practice d ON d.practice_code = i.code) p ON p.id = s.practice_id
                JOIN (SELECT i.id, d.bnf_key FROM {StagingTables.BnfIds} i JOIN dim_bnf d ON d.bnf_code = i.code) b ON b.id = s.bnf_id
                {(alreadyOnePerKey ? "" : "GROUP BY p.practice_key, b.bnf_key")}
                ORDER BY b.bnf_key, p.practice_key
                """).ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            phases.Mark("replace fact");
            await RebuildRollupsAsync(connection, transaction, month.Key, cancellationToken).ConfigureAwait(false);
            phases.Mark("rollups");

            var totals = release.Totals;
            var expectation = new MonthExpectation(totals, stats.Rows, stats.Keys);
            await RecordLoadAsync(connection, transaction, release, expectation, factRows, cancellationToken).ConfigureAwait(false);
            await BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            checks = await QualityChecks.RunAsync(connection, transaction, dialect, month, expectation, cancellationToken).ConfigureAwait(false);
            phases.Mark("checks");
            var failed = checks.Where(c => c.Severity == CheckSeverity.Error && !c.Passed).ToList();
            if (failed.Count > 0)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw new LoadFailedException(month,
                    $"{failed.Count} error-level check(s) failed: " + string.Join("; ", failed.Select(f => $"{f.Name} ({f.Detail})")), checks);
            }
            await QualityChecks.RecordAsync(connection, transaction, dialect, checks, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await ExecuteAllAsync(connection, transaction, cancellationToken, $"DROP TABLE IF EXISTS {StagingTables.Prescribing}",
                $"DROP TABLE IF EXISTS {StagingTables.PracticeIds}", $"DROP TABLE IF EXISTS {StagingTables.BnfIds}").ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            phases.Mark("commit");
            return new LoadReport(month, staged, factRows, totals, checks, stopwatch.Elapsed) { Phases = phases.All };
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

    /// <summary>Upserts reference data in one transaction and bumps the data version.</summary>
    public async Task UpsertReferenceAsync(DbConnection connection, ReferenceData data, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UpsertPracticesAsync(connection, transaction, data.Practices, cancellationToken).ConfigureAwait(false);
        await UpsertBnfAsync(connection, transaction, data.Bnf, [], cancellationToken).ConfigureAwait(false);
        await UpsertPostcodesAsync(connection, transaction, data.Postcodes, cancellationToken).ConfigureAwait(false);
        await BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the checks of one or every loaded month against the totals recorded at load time, and records them.</summary>
    public async Task<IReadOnlyList<CheckResult>> CheckAsync(DbConnection connection, YearMonth? month, CancellationToken cancellationToken)
    {
        var sql = new SqlText(dialect);
        sql.Append("SELECT month_key, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys FROM meta.loads");
        if (month is { } only) sql.Append($" WHERE month_key = {sql.Param(only.Key)}");
        sql.Append(" ORDER BY month_key");
        var loads = await sql.ListAsync(connection, r => (Month: YearMonth.FromKey((int)r.Int64(0)), Expected: new MonthExpectation(
            new SourceTotals(r.Int64(1), r.Int64(2), r.Int64(3), r.Int64(4), r.Int64(5)), r.Int64(6), r.Int64(7))),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (month is { } wanted && loads.Count == 0)
            return [new CheckResult("month_loaded", CheckSeverity.Error, false, wanted, $"{wanted} has not been loaded")];
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<CheckResult>();
        foreach (var (m, expected) in loads)
            results.AddRange(await QualityChecks.RunAsync(connection, transaction, dialect, m, expected, cancellationToken).ConfigureAwait(false));
        await QualityChecks.RecordAsync(connection, transaction, dialect, results, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Rebuilds the rollups of any month not rolled up yet (loads normally do it themselves), marks every month loaded
    /// since the last publish as published, and bumps the data version.</summary>
    public async Task PublishAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var months = await Sql("SELECT month_key FROM meta.loads WHERE NOT rolled_up ORDER BY month_key")
            .ListAsync(connection, r => (int)r.Int64(0), transaction, cancellationToken).ConfigureAwait(false);
        foreach (var month in months)
            await RebuildRollupsAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
        var version = await BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var mark = new SqlText(dialect);
        mark.Append($"UPDATE meta.loads SET rolled_up = true, published_version = COALESCE(published_version, {mark.Param(version)})");
        await mark.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current data version (0 for a new warehouse).</summary>
    public async Task<long> DataVersionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await Sql("SELECT CAST(value AS BIGINT) FROM meta.info WHERE key = 'data_version'")
            .ListAsync(connection, r => r.Int64(0), cancellationToken: cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Practices: new codes get the next dense keys; for existing practices every non-null incoming attribute replaces
    /// the stored one (a null never erases). Codes appear even with no attributes at all.</summary>
    private async Task UpsertPracticesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PracticeRecord> records, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PracticeRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var code = record.PracticeCode.Trim().ToUpperInvariant();
            if (code.Length == 0) continue;
            var normalised = record with { PracticeCode = code, Postcode = NormalisedPostcode(record.Postcode) };
            byCode[code] = byCode.TryGetValue(code, out var earlier) ? Merge(earlier, normalised) : normalised;
        }
        if (byCode.Count == 0) return;
        await StagePracticesAsync(connection, transaction, byCode.Values, cancellationToken).ConfigureAwait(false);
        var columns = StagingTables.PracticeAttributes;
        await ExecuteAllAsync(connection, transaction, cancellationToken,
            $"""
            UPDATE dim_practice SET {string.Join(", ", columns.Select(c => $"{c} = COALESCE(s.{c}, dim_practice.{c})"))}
            FROM {StagingTables.Practices} s WHERE s.practice_code = dim_practice.practice_code
            """,
            $"""
            INSERT INTO dim_practice (practice_key, practice_code, {string.Join(", ", columns)}, is_unidentified)
            SELECT (SELECT COALESCE(MAX(practice_key), 0) FROM dim_practice) + ROW_NUMBER() OVER (ORDER BY s.practice_code),
                   s.practice_code, {string.Join(", ", columns.Select(c => "s." + c))}, s.is_unidentified
            FROM {StagingTables.Practices} s
            WHERE NOT EXISTS (SELECT 1 FROM dim_practice d WHERE d.practice_code = s.practice_code)
            """,
            $"DROP TABLE IF EXISTS {StagingTables.Practices}").ConfigureAwait(false);
    }

    /// <summary>BNF presentations: new codes get order-preserving sparse keys (<see cref="SparseKeyAllocator"/>); presentation
    /// names are updated, every other level's code and name only fills a null. Codes with no record get the level codes derived
    /// from the code itself and null names.</summary>
    private async Task UpsertBnfAsync(DbConnection connection, DbTransaction transaction, IEnumerable<BnfRecord> records, IEnumerable<string> codesSeen,
        CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, BnfRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var code = record.PresentationCode.Trim().ToUpperInvariant();
            if (code.Length > 0) byCode[code] = record with { PresentationCode = code };
        }
        foreach (var seen in codesSeen)
        {
            var code = seen.Trim().ToUpperInvariant();
            if (code.Length > 0 && !byCode.ContainsKey(code)) byCode[code] = new BnfRecord(code, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        if (byCode.Count == 0) return;
        var existing = await Sql("SELECT bnf_code, bnf_key FROM dim_bnf")
            .ListAsync(connection, r => KeyValuePair.Create(r.GetString(0), (int)r.Int64(1)), transaction, cancellationToken).ConfigureAwait(false);
        var allocation = SparseKeyAllocator.Allocate(existing, byCode.Keys);
        var staged = byCode.Values.Select(b => new StagedBnf(WithDerivedLevelCodes(b), allocation.Keys.TryGetValue(b.PresentationCode, out var key) ? key : null)).ToList();
        await StageBnfAsync(connection, transaction, staged, cancellationToken).ConfigureAwait(false);
        var fill = StagingTables.BnfLevelColumns;
        await ExecuteAllAsync(connection, transaction, cancellationToken,
            $"""
            UPDATE dim_bnf SET presentation = COALESCE(s.presentation, dim_bnf.presentation),
                   {string.Join(", ", fill.Select(c => $"{c} = COALESCE(dim_bnf.{c}, s.{c})"))}
            FROM {StagingTables.Bnf} s WHERE s.bnf_code = dim_bnf.bnf_code AND NOT s.is_new
            """,
            $"""
            INSERT INTO dim_bnf (bnf_key, bnf_code, presentation, {string.Join(", ", fill)})
            SELECT bnf_key, bnf_code, presentation, {string.Join(", ", fill)} FROM {StagingTables.Bnf} WHERE is_new ORDER BY bnf_key
            """,
            $"DROP TABLE IF EXISTS {StagingTables.Bnf}").ConfigureAwait(false);
    }

    /// <summary>Postcodes, keyed by normalised postcode: incoming non-null values replace stored ones.</summary>
    private async Task UpsertPostcodesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PostcodeLocation> records, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (NormalisedPostcode(record.Postcode) is { } code) byCode[code] = record with { Postcode = code };
        }
        if (byCode.Count == 0) return;
        await StagePostcodesAsync(connection, transaction, byCode.Values, cancellationToken).ConfigureAwait(false);
        var columns = StagingTables.PostcodeAttributes;
        await ExecuteAllAsync(connection, transaction, cancellationToken,
            $"""
            UPDATE dim_postcode SET {string.Join(", ", columns.Select(c => $"{c} = COALESCE(s.{c}, dim_postcode.{c})"))}
            FROM {StagingTables.Postcodes} s WHERE s.postcode = dim_postcode.postcode
            """,
            $"""
            INSERT INTO dim_postcode (postcode, {string.Join(", ", columns)})
            SELECT s.postcode, {string.Join(", ", columns.Select(c => "s." + c))} FROM {StagingTables.Postcodes} s
            WHERE NOT EXISTS (SELECT 1 FROM dim_postcode d WHERE d.postcode = s.postcode)
            """,
            $"DROP TABLE IF EXISTS {StagingTables.Postcodes}").ConfigureAwait(false);
    }

    private async Task InsertMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken)
    {
        var fy = month.Month >= 4 ? month.Year : month.Year - 1;
        var sql = new SqlText(dialect);
        var key = sql.Param(month.Key);
        sql.Append($"""
            INSERT INTO dim_month (month_key, month, year, month_of_year, quarter, financial_year)
            SELECT {key}, {sql.Param(month.FirstDay)}, {sql.Param(month.Year)}, {sql.Param(month.Month)},
                   {sql.Param((month.Month - 1) / 3 + 1)}, {sql.Param($"{fy}/{(fy + 1) % 100:D2}")}
            WHERE NOT EXISTS (SELECT 1 FROM dim_month WHERE month_key = {key})
            """);
        await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    private async Task RecordLoadAsync(DbConnection connection, DbTransaction transaction, IMonthRelease release, MonthExpectation expected,
        long factRows, CancellationToken cancellationToken)
    {
        var delete = new SqlText(dialect);
        await delete.Append($"DELETE FROM meta.loads WHERE month_key = {delete.Param(release.Month.Key)}").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var t = expected.Totals;
        var sql = new SqlText(dialect);
        sql.Append($"""
            INSERT INTO meta.loads (month_key, source, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys, fact_rows,
                                    loaded_at, rolled_up, published_version)
            VALUES ({sql.Param(release.Month.Key)}, {sql.Param(release.Description)}, {sql.Param(t.Rows)}, {sql.Param(t.Items)}, {sql.Param(t.QuantityMilli)},
                    {sql.Param(t.NicPence)}, {sql.Param(t.ActualCostE5)}, {sql.Param(expected.StagedRows)}, {sql.Param(expected.DistinctKeys)},
                    {sql.Param(factRows)}, {sql.Param(dialect.ToDbTimestamp(clock.GetUtcNow()))}, true, NULL)
            """);
        await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    private async Task RebuildRollupsAsync(DbConnection connection, DbTransaction transaction, int monthKey, CancellationToken cancellationToken)
    {
        foreach (var statement in WarehouseSql.RebuildRollupsForMonth(dialect))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            command.Parameters.Add(dialect.CreateParameter(command, "month", monthKey));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Increments <c>data_version</c> and returns the new value.</summary>
    private async Task<long> BumpDataVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("UPDATE meta.info SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'", transaction, cancellationToken).ConfigureAwait(false);
        return (await Sql("SELECT CAST(value AS BIGINT) FROM meta.info WHERE key = 'data_version'")
            .ListAsync(connection, r => r.Int64(0), transaction, cancellationToken).ConfigureAwait(false))[0];
    }

    private SqlText Sql(string text) => new SqlText(dialect).Append(text);

    private static async Task ExecuteAllAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken, params string[] statements)
    {
        foreach (var statement in statements) await connection.ExecuteAsync(statement, transaction, cancellationToken).ConfigureAwait(false);
    }

    private static BnfRecord WithDerivedLevelCodes(BnfRecord b)
    {
        string Level(string? given, BnfLevel level) => given ?? BnfCode.LevelCode(b.PresentationCode, level);
        return b with
        {
            ProductCode = Level(b.ProductCode, BnfLevel.Product),
            ChemicalCode = Level(b.ChemicalCode, BnfLevel.Chemical),
            SubparagraphCode = Level(b.SubparagraphCode, BnfLevel.Subparagraph),
            ParagraphCode = Level(b.ParagraphCode, BnfLevel.Paragraph),
            SectionCode = Level(b.SectionCode, BnfLevel.Section),
            ChapterCode = Level(b.ChapterCode, BnfLevel.Chapter),
        };
    }

    /// <summary>The normalised postcode, or null for a blank or placeholder one (EPD writes <c>-</c> for unidentified rows).</summary>
    private static string? NormalisedPostcode(string? raw) =>
        Postcode.Normalise(raw) is { } postcode && postcode.Any(char.IsAsciiLetterOrDigit) ? postcode : null;

    private static PracticeRecord Merge(PracticeRecord a, PracticeRecord b) => new(
        a.PracticeCode, b.Name ?? a.Name, b.Address ?? a.Address, b.Postcode ?? a.Postcode, b.RegionCode ?? a.RegionCode, b.RegionName ?? a.RegionName,
        b.IcbCode ?? a.IcbCode, b.IcbName ?? a.IcbName, b.SubIcbCode ?? a.SubIcbCode, b.SubIcbName ?? a.SubIcbName, b.Setting ?? a.Setting, b.Status ?? a.Status);

    private static async Task RollbackQuietlyAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // the engine already aborted the transaction; nothing was committed
        }
        catch (InvalidOperationException)
        {
        }
    }
}
