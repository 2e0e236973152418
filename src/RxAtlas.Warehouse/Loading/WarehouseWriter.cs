using System.Data.Common;
using System.Diagnostics;
using RxAtlas.Core;
using RxAtlas.Warehouse.Checking;
using RxAtlas.Warehouse.Keys;
using RxAtlas.Warehouse.Loading.Arranging;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Loading;

/// <summary>
/// Every write the warehouse makes: month loads, reference upserts, checks and publishing, in engine-neutral SQL except the
/// bulk paths an engine supplies — the month's fact and rollups, arranged in memory by <see cref="ArrangedMonth"/> (DuckDB:
/// data chunks appended natively; PostgreSQL: binary COPY into the month's partitions), and the small reference staging
/// tables named in <see cref="StagingTables"/>. Callers serialise writers and pass a fresh connection.
/// </summary>
public abstract partial class WarehouseWriter(ISqlDialect dialect, TimeProvider clock)
{
    /// <summary>What an engine's <see cref="WriteFactAsync"/> did: the rows written, and whether it proved the stored keys
    /// strictly increasing (so the checks need not). An engine that writes the month into new tables and attaches them in
    /// <see cref="PublishMonthAsync"/> derives from it to say which.</summary>
    protected record FactWritten(long Rows, bool KeysProvenIncreasing);

    /// <summary>Rows per block of arranged fact handed to an engine (a multiple of DuckDB's 2,048-row vectors).</summary>
    public const int FactBlockRows = 16_384;

    protected ISqlDialect Dialect => dialect;

    /// <summary>Writes the month's fact rows into <c>fact_prescribing</c> (emptied for the month already), block by block in the
    /// order given, with the month's key in every row; returns the rows written, and whether the engine proved the stored keys
    /// strictly increasing on the way (<see cref="QualityChecks.OutOfOrderKeysSql"/>). The blocks are arranged on another thread
    /// meanwhile (<see cref="FactPipeline"/>). Must call <paramref name="onRows"/> with the running count after each block (it
    /// observes cancellation). <paramref name="splitKeys"/> cut the blocks into at most <see cref="FactWriters"/> BNF-key ranges
    /// of about equal rows (<see cref="ArrangedMonth.SplitKeys"/>) for an engine that writes them at once; none when the month
    /// cannot be cut.</summary>
    protected abstract Task<FactWritten> WriteFactAsync(DbConnection connection, DbTransaction transaction, YearMonth month, IEnumerable<FactBlock> blocks,
        IReadOnlyList<int> splitKeys, Action<long> onRows, CancellationToken cancellationToken);

    /// <summary>How many BNF-key ranges of the fact the engine can write at once (<see cref="WriteFactAsync"/>). Default 1.</summary>
    protected virtual int FactWriters => 1;

    /// <summary>Called after a month load rolled back: an engine that wrote outside the load's transaction (PostgreSQL's parallel
    /// fact writers) removes what it left. Must not throw. Default: nothing.</summary>
    protected virtual Task DiscardMonthAsync(DbConnection connection, YearMonth month) => Task.CompletedTask;

    /// <summary>Writes <see cref="ArrangedMonth.Rollups"/> into <c>rollup_bnf_practice_month</c> and
    /// <see cref="ArrangedMonth.PracticeTotals"/> into <c>rollup_practice_month</c> (both emptied for the month already), in
    /// the order given — or, for an engine that publishes a month by attaching new tables, into the new tables that go with
    /// <paramref name="written"/>.</summary>
    protected abstract Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, YearMonth month, ArrangedMonth fact,
        FactWritten written, CancellationToken cancellationToken);

    /// <summary>Where the checks read the month just written (<paramref name="written"/>) before <see cref="PublishMonthAsync"/>.
    /// Default: the live tables, for an engine that writes in place.</summary>
    protected virtual MonthRelations WrittenRelations(YearMonth month, FactWritten written) => MonthRelations.Live;

    /// <summary>Called in the load's transaction once the checks have passed, just before the commit: makes what was written the
    /// month's data. Default: nothing (written in place). PostgreSQL attaches the new tables here, so queries of the month wait
    /// only for this last step, not for the whole load.</summary>
    protected virtual Task PublishMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, FactWritten written,
        CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates and fills <see cref="StagingTables.Practices"/> (codes already normalised and unique).</summary>
    protected abstract Task StagePracticesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PracticeRecord> practices, CancellationToken cancellationToken);

    /// <summary>Creates and fills <see cref="StagingTables.Bnf"/>.</summary>
    protected abstract Task StageBnfAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<StagedBnf> rows, CancellationToken cancellationToken);

    /// <summary>Creates and fills <see cref="StagingTables.Postcodes"/> (postcodes already normalised and unique).</summary>
    protected abstract Task StagePostcodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<PostcodeLocation> postcodes, CancellationToken cancellationToken);

    /// <summary>Called in the load transaction before the month's fact and rollups are written: makes room for the month.
    /// Default: deletes the month's fact and rollup rows. (PostgreSQL instead writes the month into new tables and swaps them
    /// in at <see cref="PublishMonthAsync"/>, so readers are not held up for the whole load.)</summary>
    protected virtual async Task PrepareMonthAsync(DbConnection connection, DbTransaction transaction, YearMonth month, CancellationToken cancellationToken)
    {
        foreach (var table in (string[])["fact_prescribing", "rollup_bnf_practice_month", "rollup_practice_month"])
        {
            var delete = new SqlText(dialect);
            await delete.Append($"DELETE FROM {table} WHERE month_key = {delete.Param(month.Key)}").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads one month in one transaction: read the rows into memory (<see cref="IMonthRelease.ReadCoded"/>) → upsert the
    /// dimensions → arrange the fact and rollups (<see cref="ArrangedMonth"/>) → replace the month's fact and rollups by bulk
    /// writes → record → checks → publish (<see cref="PublishMonthAsync"/>) → commit, or roll back and throw
    /// <see cref="LoadFailedException"/>.</summary>
    public async Task<LoadReport> LoadMonthAsync(DbConnection connection, IMonthRelease release, IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        var month = release.Month;
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CheckResult> checks = [];
        var phases = new LoadPhases(stopwatch);
        try
        {
            var (sourceRows, distinctKeys, written) = await ReplaceMonthAsync(connection, transaction, release, phases, rowsRead, cancellationToken)
                .ConfigureAwait(false);
            var factRows = written.Rows;

            var totals = release.Totals;
            var expectation = new MonthExpectation(totals, sourceRows, distinctKeys);
            var replaced = await RecordLoadAsync(connection, transaction, release, expectation, factRows, cancellationToken).ConfigureAwait(false);
            await BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            checks = await QualityChecks.RunAsync(connection, transaction, dialect, month, expectation, cancellationToken, written.KeysProvenIncreasing,
                WrittenRelations(month, written)).ConfigureAwait(false);
            phases.Mark("checks");
            var failed = checks.Where(c => c.Severity == CheckSeverity.Error && !c.Passed).ToList();
            if (failed.Count > 0)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                await DiscardMonthAsync(connection, month).ConfigureAwait(false);
                throw new LoadFailedException(month,
                    $"{failed.Count} error-level check(s) failed: " + string.Join("; ", failed.Select(f => $"{f.Name} ({f.Detail})")), checks);
            }
            await QualityChecks.RecordAsync(connection, transaction, dialect, checks, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await PublishMonthAsync(connection, transaction, month, written, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            phases.Mark("commit");
            return new LoadReport(month, sourceRows, factRows, totals, checks, stopwatch.Elapsed) { Phases = phases.All, Replaced = replaced };
        }
        catch (LoadFailedException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            await DiscardMonthAsync(connection, month).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
            await DiscardMonthAsync(connection, month).ConfigureAwait(false);
            // Bad input names its own file (and line and field); anything else is told with the month's files.
            throw new LoadFailedException(month, ex is DataFormatException ? ex.Message : $"{release.Description}: {ex.Message}", checks, ex);
        }
    }

    /// <summary>Reads the month's rows, upserts the dimensions, and replaces the month's fact and rollups; returns the source row
    /// count, the distinct (practice, presentation) keys and what writing the fact did.</summary>
    private async Task<(long SourceRows, long DistinctKeys, FactWritten Fact)> ReplaceMonthAsync(DbConnection connection, DbTransaction transaction,
        IMonthRelease release, LoadPhases phases, IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        var month = release.Month;
        // Forced to yield: this frame must never have held the month's rows (a finished callee's frame can linger on the stack
        // under a synchronous continuation), so that the collection below can reclaim them.
        using var fact = await ArrangeMonthAsync(connection, transaction, release, phases, rowsRead, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

        await PrepareMonthAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
        var splitKeys = fact.SplitKeys(FactWriters);
        FactWritten written;
        using (var pipeline = new FactPipeline(fact, FactBlockRows, cancellationToken))
        {
            written = await WriteFactAsync(connection, transaction, month, pipeline.Blocks(), splitKeys, _ => cancellationToken.ThrowIfCancellationRequested(),
                cancellationToken).ConfigureAwait(false);
        }
        // The arranged month has let go of the source rows and their sort order (most of the load's memory): hand that memory
        // back before DuckDB or PostgreSQL needs theirs for the rollups and the checks.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        phases.Mark("write fact");
        await WriteRollupsAsync(connection, transaction, month, fact, written, cancellationToken).ConfigureAwait(false);
        phases.Mark("write rollups");
        return (fact.SourceRows, fact.FactRows, written);
    }

    /// <summary>Reads the month's rows into memory, upserts the dimensions (so every code has its key), and arranges the rows.</summary>
    private async Task<ArrangedMonth> ArrangeMonthAsync(DbConnection connection, DbTransaction transaction, IMonthRelease release, LoadPhases phases,
        IProgress<long>? rowsRead, CancellationToken cancellationToken)
    {
        // Read on this thread (parallel releases spread the parsing themselves). Not through Task.Run: a thread-pool worker can keep
        // its last work item, and with it the month's rows, reachable after the load is done with them.
        var rows = release.ReadCoded(rowsRead, cancellationToken);
        try
        {
            phases.Mark("read");

            await InsertMonthAsync(connection, transaction, release.Month, cancellationToken).ConfigureAwait(false);
            await UpsertPracticesAsync(connection, transaction, release.Practices.Concat(rows.PracticeCodes.Select(c => new PracticeRecord(c, null, null, null))),
                release.Month, cancellationToken).ConfigureAwait(false);
            await UpsertBnfAsync(connection, transaction, release.Bnf, rows.BnfCodes, release.Month, cancellationToken).ConfigureAwait(false);
            await UpsertPostcodesAsync(connection, transaction, release.Postcodes, cancellationToken).ConfigureAwait(false);
            var practiceKeys = await KeysAsync(connection, transaction, "SELECT practice_code, practice_key FROM dim_practice", rows.PracticeCodes, cancellationToken).ConfigureAwait(false);
            var bnfKeys = await KeysAsync(connection, transaction, "SELECT bnf_code, bnf_key FROM dim_bnf", rows.BnfCodes, cancellationToken).ConfigureAwait(false);
            phases.Mark("upsert dimensions");

            var fact = new ArrangedMonth(rows, practiceKeys, bnfKeys, WarehouseSql.RolledUpLevelLengths);
            phases.Mark("arrange");
            return fact;
        }
        catch
        {
            rows.Dispose(); // a spill file goes at once
            throw;
        }
    }

    /// <summary>Upserts reference data in one transaction and bumps the data version.</summary>
    public async Task UpsertReferenceAsync(DbConnection connection, ReferenceData data, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UpsertPracticesAsync(connection, transaction, data.Practices, null, cancellationToken).ConfigureAwait(false);
        await UpsertBnfAsync(connection, transaction, data.Bnf, [], null, cancellationToken).ConfigureAwait(false);
        await UpsertPostcodesAsync(connection, transaction, data.Postcodes, cancellationToken).ConfigureAwait(false);
        await BumpDataVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the checks of one or every loaded month against the totals recorded at load time, and records them.</summary>
    public async Task<IReadOnlyList<CheckResult>> CheckAsync(DbConnection connection, YearMonth? month, bool record, CancellationToken cancellationToken)
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
        if (record) await QualityChecks.RecordAsync(connection, transaction, dialect, results, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Marks every month loaded since the last publish as published and bumps the data version. (Each load writes its
    /// month's rollups in its own transaction, so there is nothing left to aggregate here.)</summary>
    public async Task PublishAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Practices: new codes get the next dense keys; sub-ICB codes are stored in their ODS form
    /// (<see cref="SubIcbCodes.Normalise"/>). For existing practices, attributes from a month at least as recent as the stored
    /// ones' <c>attributes_month</c> (or from a reference file, <paramref name="month"/> null) replace them — every non-null
    /// incoming attribute wins, a null never erases — and a month's load records its month; attributes from an older month
    /// only fill the stored gaps, so reloading history never overwrites newer attributes. Codes appear even with no attributes
    /// at all. Last, a geography left without a name takes it from another practice with the same code
    /// (<see cref="FillPracticeGeographyNamesAsync"/>).</summary>
    private async Task UpsertPracticesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PracticeRecord> records, YearMonth? month,
        CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PracticeRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var code = record.PracticeCode.Trim().ToUpperInvariant();
            if (code.Length == 0) continue;
            var normalised = record with
            {
                PracticeCode = code, Postcode = NormalisedPostcode(record.Postcode), SubIcbCode = SubIcbCodes.Normalise(record.SubIcbCode),
            };
            byCode[code] = byCode.TryGetValue(code, out var earlier) ? normalised.FilledFrom(earlier) : normalised;
        }
        if (byCode.Count == 0) return;
        await StagePracticesAsync(connection, transaction, byCode.Values, cancellationToken).ConfigureAwait(false);
        var columns = StagingTables.PracticeAttributes;
        var current = AtLeastAsRecent("dim_practice", month);
        // The month the incoming attributes came from, when it gave any (a code seen only in the rows gives none).
        var incomingMonth = month is { } m ? $"CASE WHEN COALESCE({string.Join(", ", columns.Select(c => "s." + c))}) IS NOT NULL THEN {m.Key} END" : "NULL";
        await ExecuteAllAsync(connection, transaction, cancellationToken,
            $"""
            UPDATE dim_practice SET {string.Join(", ", columns.Select(c => $"{c} = CASE WHEN {current} THEN {PracticeAssignment(c)} ELSE {PracticeGapFill(c)} END"))},
                   attributes_month = CASE WHEN {current} THEN COALESCE({incomingMonth}, dim_practice.attributes_month) ELSE dim_practice.attributes_month END
            FROM {StagingTables.Practices} s WHERE s.practice_code = dim_practice.practice_code
            """,
            $"""
            INSERT INTO dim_practice (practice_key, practice_code, {string.Join(", ", columns)}, is_unidentified, attributes_month)
            SELECT (SELECT COALESCE(MAX(practice_key), 0) FROM dim_practice) + ROW_NUMBER() OVER (ORDER BY s.practice_code),
                   s.practice_code, {string.Join(", ", columns.Select(c => "s." + c))}, s.is_unidentified, {incomingMonth}
            FROM {StagingTables.Practices} s
            WHERE NOT EXISTS (SELECT 1 FROM dim_practice d WHERE d.practice_code = s.practice_code)
            """,
            $"DROP TABLE IF EXISTS {StagingTables.Practices}").ConfigureAwait(false);
        await FillPracticeGeographyNamesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SQL true when attributes from <paramref name="month"/> may replace <paramref name="table"/>'s stored ones: the
    /// month is at least as recent as the stored <c>attributes_month</c>, or nothing recorded it; always for a reference file
    /// (<paramref name="month"/> null), which carries no month and ranks level with the stored attributes.</summary>
    private static string AtLeastAsRecent(string table, YearMonth? month) =>
        month is { } m ? $"({table}.attributes_month IS NULL OR {table}.attributes_month <= {m.Key})" : "TRUE";

    /// <summary>Fills a null region, ICB or sub-ICB name of every practice from another practice with the same code (the name
    /// from the practice whose attributes are most recent, then the first by name): epraccur gives codes without names, which
    /// EPD's rows of another practice often know. A code keeps its name once it has one.</summary>
    public static async Task FillPracticeGeographyNamesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var level in (string[])["region", "icb", "sub_icb"])
            await connection.ExecuteAsync(FillNamesSql("dim_practice", level + "_code", level + "_name", "attributes_month DESC NULLS LAST, "), transaction,
                cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fills every BNF level's null name from another presentation with the same level code (the first name in order
    /// when sources disagree), so a code missing from the BNF code file is named at every level some other code names.</summary>
    public static async Task FillBnfLevelNamesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var level in StagingTables.BnfLevelColumns.Chunk(2))
            await connection.ExecuteAsync(FillNamesSql("dim_bnf", level[0], level[1], ""), transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An UPDATE that gives each row of <paramref name="table"/> with a code but no name the name another row gives
    /// that code (the first in <paramref name="preference"/>, then name, order).</summary>
    private static string FillNamesSql(string table, string code, string name, string preference) => $"""
        UPDATE {table} SET {name} = n.name
        FROM (SELECT code, name FROM (
                  SELECT {code} AS code, {name} AS name, ROW_NUMBER() OVER (PARTITION BY {code} ORDER BY {preference}{name}) AS r
                  FROM {table} WHERE {code} IS NOT NULL AND {name} IS NOT NULL) k
              WHERE r = 1) n
        WHERE {table}.{name} IS NULL AND {table}.{code} = n.code
        """;

    /// <summary>BNF presentations: new codes get order-preserving sparse keys (<see cref="SparseKeyAllocator"/>); presentation
    /// names are replaced by a month at least as recent as the stored name's <c>attributes_month</c> (or by the BNF code file,
    /// <paramref name="month"/> null), and only fill a missing name from an older month; every other level's code and name fill
    /// an unnamed level together (<see cref="BnfLevelAssignment"/>). Codes with no record get the level codes derived from the
    /// code itself; last, every level still unnamed takes the name another presentation gives the same level code
    /// (<see cref="FillBnfLevelNamesAsync"/>).</summary>
    private async Task UpsertBnfAsync(DbConnection connection, DbTransaction transaction, IEnumerable<BnfRecord> records, IEnumerable<string> codesSeen,
        YearMonth? month, CancellationToken cancellationToken)
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
        var current = AtLeastAsRecent("dim_bnf", month);
        var incomingMonth = month is { } m ? $"CASE WHEN s.presentation IS NOT NULL THEN {m.Key} END" : "NULL";
        await ExecuteAllAsync(connection, transaction, cancellationToken,
            $"""
            UPDATE dim_bnf SET presentation = CASE WHEN {current} THEN COALESCE(s.presentation, dim_bnf.presentation)
                                                   ELSE COALESCE(dim_bnf.presentation, s.presentation) END,
                   attributes_month = CASE WHEN {current} THEN COALESCE({incomingMonth}, dim_bnf.attributes_month) ELSE dim_bnf.attributes_month END,
                   {string.Join(", ", fill.Chunk(2).Select(level => BnfLevelAssignment(level[0], level[1])))}
            FROM {StagingTables.Bnf} s WHERE s.bnf_code = dim_bnf.bnf_code AND NOT s.is_new
            """,
            $"""
            INSERT INTO dim_bnf (bnf_key, bnf_code, presentation, {string.Join(", ", fill)}, attributes_month)
            SELECT bnf_key, bnf_code, presentation, {string.Join(", ", fill)}, {incomingMonth} FROM {StagingTables.Bnf} s WHERE is_new ORDER BY bnf_key
            """,
            $"DROP TABLE IF EXISTS {StagingTables.Bnf}").ConfigureAwait(false);
        await FillBnfLevelNamesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SET clauses of one BNF level: a stored name is kept with its code; a level without a name takes the
    /// incoming code and name together when the incoming one is named, else keeps its code (or takes the incoming one). So a
    /// code and its name always come from the same source, whichever order the sources are loaded in.</summary>
    private static string BnfLevelAssignment(string code, string name) =>
        $"{code} = CASE WHEN dim_bnf.{name} IS NULL AND s.{name} IS NOT NULL THEN s.{code} ELSE COALESCE(dim_bnf.{code}, s.{code}) END, " +
        $"{name} = COALESCE(dim_bnf.{name}, s.{name})";

    /// <summary>Postcodes, keyed by normalised postcode: incoming non-null values replace stored ones. Sub-ICB codes are stored
    /// in their ODS form, as practices' are (<see cref="SubIcbCodes"/>).</summary>
    private async Task UpsertPostcodesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<PostcodeLocation> records, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (NormalisedPostcode(record.Postcode) is { } code) byCode[code] = record with { Postcode = code, SubIcbCode = SubIcbCodes.Normalise(record.SubIcbCode) };
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

    /// <summary>The key of each code (by position) from a (code, key) dimension query; codes are matched as the upserts store
    /// them (trimmed, upper case).</summary>
    private async Task<int[]> KeysAsync(DbConnection connection, DbTransaction transaction, string codeAndKey, IReadOnlyList<string> codes,
        CancellationToken cancellationToken)
    {
        var stored = (await Sql(codeAndKey).ListAsync(connection, r => KeyValuePair.Create(r.GetString(0), (int)r.Int64(1)), transaction, cancellationToken)
            .ConfigureAwait(false)).ToDictionary(StringComparer.Ordinal);
        var keys = new int[codes.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = stored.TryGetValue(codes[i].Trim().ToUpperInvariant(), out var key)
                ? key
                : throw new InvalidOperationException($"The code {codes[i]} has no dimension row after the upsert.");
        }
        return keys;
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

    /// <summary>Records the load in <c>meta.loads</c>, replacing the month's earlier record; returns that earlier load when it
    /// came from another dataset (<see cref="IMonthRelease.Dataset"/>; for a load recorded before datasets were, other files).</summary>
    private async Task<ReplacedLoad?> RecordLoadAsync(DbConnection connection, DbTransaction transaction, IMonthRelease release, MonthExpectation expected,
        long factRows, CancellationToken cancellationToken)
    {
        var earlier = new SqlText(dialect);
        earlier.Append($"""
            SELECT source, dataset, source_rows, items, quantity_milli, nic_pence, actual_cost_e5 FROM meta.loads
            WHERE month_key = {earlier.Param(release.Month.Key)}
            """);
        var previous = (await earlier.ListAsync(connection, r => new
        {
            Description = r.GetString(0),
            Dataset = r.IsDBNull(1) ? null : r.GetString(1),
            Totals = new SourceTotals(r.Int64(2), r.Int64(3), r.Int64(4), r.Int64(5), r.Int64(6)),
        }, transaction, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        var dataset = release.Dataset;
        ReplacedLoad? replaced = previous is null || (previous.Dataset is { } known ? known == dataset : previous.Description == release.Description)
            ? null
            : new ReplacedLoad(previous.Dataset ?? previous.Description, previous.Description, previous.Totals, dataset, release.Description);

        var delete = new SqlText(dialect);
        await delete.Append($"DELETE FROM meta.loads WHERE month_key = {delete.Param(release.Month.Key)}").ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var t = expected.Totals;
        var sql = new SqlText(dialect);
        sql.Append($"""
            INSERT INTO meta.loads (month_key, source, dataset, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys, fact_rows,
                                    loaded_at, rolled_up, published_version)
            VALUES ({sql.Param(release.Month.Key)}, {sql.Param(release.Description)}, {sql.Param(dataset)}, {sql.Param(t.Rows)}, {sql.Param(t.Items)},
                    {sql.Param(t.QuantityMilli)}, {sql.Param(t.NicPence)}, {sql.Param(t.ActualCostE5)}, {sql.Param(expected.StagedRows)},
                    {sql.Param(expected.DistinctKeys)}, {sql.Param(factRows)}, {sql.Param(dialect.ToDbTimestamp(clock.GetUtcNow()))}, true, NULL)
            """);
        await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        return replaced;
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

    /// <summary>The value of one practice attribute when the incoming attributes are at least as recent: the incoming value unless it is null. A geography's name (region,
    /// ICB, sub-ICB) follows its code as <see cref="PracticeRecord.FilledFrom"/> does: with a new code and no name, the old
    /// name is dropped.</summary>
    private static string PracticeAssignment(string column)
    {
        if (column == "name" || !column.EndsWith("_name", StringComparison.Ordinal)) return $"COALESCE(s.{column}, dim_practice.{column})";
        var code = column[..^"_name".Length] + "_code";
        return $"CASE WHEN s.{code} IS NULL OR s.{column} IS NOT NULL THEN COALESCE(s.{column}, dim_practice.{column}) " +
            $"WHEN s.{code} = dim_practice.{code} THEN dim_practice.{column} END";
    }

    /// <summary>The value of one practice attribute when the incoming attributes are older than the stored ones: the stored
    /// value, with a gap filled from the incoming one. A geography's name is filled only with its code, or when both give the
    /// same code (as <see cref="PracticeRecord.FilledFrom"/> pairs them).</summary>
    private static string PracticeGapFill(string column)
    {
        if (column == "name" || !column.EndsWith("_name", StringComparison.Ordinal)) return $"COALESCE(dim_practice.{column}, s.{column})";
        var code = column[..^"_name".Length] + "_code";
        return $"CASE WHEN dim_practice.{code} IS NULL THEN CASE WHEN s.{code} IS NULL THEN COALESCE(dim_practice.{column}, s.{column}) ELSE s.{column} END " +
            $"WHEN dim_practice.{column} IS NOT NULL THEN dim_practice.{column} WHEN s.{code} = dim_practice.{code} THEN s.{column} END";
    }


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
