using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Checking;

/// <summary>The data-quality checks of one loaded month, in engine-neutral SQL. Error-level failures fail a load.</summary>
/// <remarks>
/// Errors: <c>fact_not_empty</c>, <c>dimensions_not_empty</c>, <c>keys_resolve</c> (no null key, every key in its dimension),
/// <c>rows_match_source</c>, <c>items_match_source</c>, <c>quantity_match_source</c>, <c>nic_match_source</c>,
/// <c>actual_cost_match_source</c>, <c>fact_rows_match_distinct_keys</c>, <c>no_duplicate_keys</c>.
/// Warnings: <c>bnf_names_present</c> (a presentation name and a chapter name: a code missing from the BNF code file has
/// the prescribing file's presentation name and the level names other presentations give its level codes, and no more), <c>practice_address_present</c> (value = share of fact rows lacking them; unidentified
/// pseudo-practices never have an address and are not counted),
/// <c>no_negative_values</c> (value = rows with a negative measure; they are kept), <c>practices_geocoded</c>
/// (value = share of the month's real practices with coordinates; the full list is the <c>ungeocoded_practices</c> view; the
/// month's practices are read from its practice rollup, written by the load from the same rows as the fact).
/// </remarks>
public static class QualityChecks
{
    /// <summary>How many ungeocoded practice codes the geocoding check's detail names.</summary>
    public const int ListedPractices = 20;

    /// <param name="keysProvenIncreasing">The load itself already proved, with <see cref="OutOfOrderKeysSql"/> over the stored
    /// rows, that the month's keys are strictly increasing in storage order (PostgreSQL's fact writers do, each over its own
    /// BNF-key range, at once): no duplicate-key query is needed.</param>
    /// <param name="relations">Where the month's fact and practice rollup are read from; the live tables when null.</param>
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect,
        YearMonth month, MonthExpectation expected, CancellationToken cancellationToken = default, bool keysProvenIncreasing = false,
        MonthRelations? relations = null)
    {
        var results = new List<CheckResult>();
        var m = month.Key;
        var (factTable, practiceRollup) = relations ?? MonthRelations.Live;

        async Task<long[]> Row(string sqlWithMonth, int columns)
        {
            var sql = new SqlText(dialect);
            sql.Append(sqlWithMonth.Replace("{m}", sql.Param(m), StringComparison.Ordinal));
            var rows = await sql.ListAsync(connection, r => Enumerable.Range(0, columns).Select(i => r.Int64(i)).ToArray(), transaction, cancellationToken).ConfigureAwait(false);
            return rows[0];
        }

        async Task<bool> StrictlyIncreasingAsync((string Before, string After) scan)
        {
            if (scan.Before.Length > 0) await connection.ExecuteAsync(scan.Before, transaction, cancellationToken).ConfigureAwait(false);
            var outOfOrder = await Row(OutOfOrderKeysSql(factTable + " WHERE month_key = {m}"), 1);
            if (scan.After.Length > 0) await connection.ExecuteAsync(scan.After, transaction, cancellationToken).ConfigureAwait(false);
            return outOfOrder[0] == 0;
        }

        void Add(string name, CheckSeverity severity, bool passed, string detail, decimal? value = null) =>
            results.Add(new CheckResult(name, severity, passed, month, detail, value));

        // The month's fact summed per practice and counted per presentation (both engines aggregate in parallel, and DuckDB
        // fast even over the load's own uncommitted rows); then only the few thousand groups meet the dimensions. The per-practice
        // sums reconcile to the source; the groups without a dimension row are the dangling keys; the rest finds missing names.
        var fact = await Row($$"""
            WITH by_practice AS (
                SELECT practice_key, COUNT(*) AS n, SUM(items) AS items, SUM(quantity_milli) AS quantity, SUM(nic_pence) AS nic,
                       SUM(actual_cost_e5) AS cost,
                       SUM(CASE WHEN items < 0 OR quantity_milli < 0 OR nic_pence < 0 OR actual_cost_e5 < 0 THEN 1 ELSE 0 END) AS negatives
                FROM {{factTable}} WHERE month_key = {m} GROUP BY practice_key),
            by_bnf AS (SELECT bnf_key, COUNT(*) AS n FROM {{factTable}} WHERE month_key = {m} GROUP BY bnf_key),
            practices AS (
                SELECT COALESCE(SUM(g.n), 0) AS n, COALESCE(SUM(g.items), 0) AS items, COALESCE(SUM(g.quantity), 0) AS quantity,
                       COALESCE(SUM(g.nic), 0) AS nic, COALESCE(SUM(g.cost), 0) AS cost, COALESCE(SUM(g.negatives), 0) AS negatives,
                       COALESCE(SUM(CASE WHEN p.practice_key IS NULL THEN g.n ELSE 0 END), 0) AS dangling,
                       COALESCE(SUM(CASE WHEN NOT p.is_unidentified AND p.name IS NULL AND p.address IS NULL AND p.postcode IS NULL THEN g.n ELSE 0 END), 0) AS without_address
                FROM by_practice g LEFT JOIN dim_practice p ON p.practice_key = g.practice_key),
            presentations AS (
                SELECT COALESCE(SUM(CASE WHEN b.bnf_key IS NULL THEN g.n ELSE 0 END), 0) AS dangling,
                       COALESCE(SUM(CASE WHEN b.bnf_key IS NOT NULL AND (b.presentation IS NULL OR b.chapter IS NULL) THEN g.n ELSE 0 END), 0) AS without_names
                FROM by_bnf g LEFT JOIN dim_bnf b ON b.bnf_key = g.bnf_key)
            SELECT p.n, p.items, p.quantity, p.nic, p.cost, p.negatives, p.dangling, b.dangling, b.without_names, p.without_address
            FROM practices p CROSS JOIN presentations b
            """, 10);
        var (factRows, items, quantity, nic, cost, negatives) = (fact[0], fact[1], fact[2], fact[3], fact[4], fact[5]);
        var (danglingPractice, danglingBnf, withoutBnfNames, withoutAddress) = (fact[6], fact[7], fact[8], fact[9]);
        Add("fact_not_empty", CheckSeverity.Error, factRows > 0, $"{factRows:N0} fact rows", factRows);

        var dims = await Row("SELECT (SELECT COUNT(*) FROM dim_practice), (SELECT COUNT(*) FROM dim_bnf), (SELECT COUNT(*) FROM dim_month WHERE month_key = {m})", 3);
        Add("dimensions_not_empty", CheckSeverity.Error, dims[0] > 0 && dims[1] > 0 && dims[2] == 1,
            $"{dims[0]:N0} practices, {dims[1]:N0} presentations, month row {(dims[2] == 1 ? "present" : "missing")}");
        // The key columns are NOT NULL; a row could dangle both ways and count twice, which a pass/fail check does not mind.
        Add("keys_resolve", CheckSeverity.Error, danglingPractice + danglingBnf == 0,
            $"{danglingPractice:N0} fact rows with a practice key and {danglingBnf:N0} with a BNF key missing from its dimension", danglingPractice + danglingBnf);

        var t = expected.Totals;
        Add("rows_match_source", CheckSeverity.Error, expected.StagedRows == t.Rows, $"staged {expected.StagedRows:N0} rows, source read {t.Rows:N0}");
        Add("items_match_source", CheckSeverity.Error, items == t.Items, $"fact {items:N0} items, source {t.Items:N0}");
        Add("quantity_match_source", CheckSeverity.Error, quantity == t.QuantityMilli,
            $"fact {FixedPoint.FormatGrouped(quantity, Scale.QuantityDigits, 0)}, source {FixedPoint.FormatGrouped(t.QuantityMilli, Scale.QuantityDigits, 0)}");
        Add("nic_match_source", CheckSeverity.Error, nic == t.NicPence,
            $"fact £{FixedPoint.FormatGrouped(nic, Scale.NicDigits)}, source £{FixedPoint.FormatGrouped(t.NicPence, Scale.NicDigits)}");
        Add("actual_cost_match_source", CheckSeverity.Error, cost == t.ActualCostE5,
            $"fact £{FixedPoint.FormatGrouped(cost, Scale.ActualCostDigits)}, source £{FixedPoint.FormatGrouped(t.ActualCostE5, Scale.ActualCostDigits)}");
        Add("fact_rows_match_distinct_keys", CheckSeverity.Error, factRows == expected.DistinctKeys,
            $"{factRows:N0} fact rows, {expected.DistinctKeys:N0} distinct (practice, presentation) keys in the source");

        // Loads store the fact sorted by (bnf_key, practice_key): if the keys come out strictly increasing in one unordered pass
        // over storage, no key can repeat. Otherwise (another order, or a real duplicate) the exact count below decides.
        var duplicates = keysProvenIncreasing || dialect.StorageOrderScan is { } scan && await StrictlyIncreasingAsync(scan)
            ? [0L]
            // Sorted, a duplicated key sits next to its twin: comparing each row with its predecessor finds every duplicate with
            // one sort (which the engines do faster than hashing millions of distinct keys); DISTINCT then counts keys, not rows.
            : await Row($$"""
                SELECT COUNT(*) FROM (
                    SELECT DISTINCT practice_key, bnf_key FROM (
                        SELECT practice_key, bnf_key,
                               LAG(practice_key) OVER (ORDER BY bnf_key, practice_key) AS previous_practice,
                               LAG(bnf_key) OVER (ORDER BY bnf_key, practice_key) AS previous_bnf
                        FROM {{factTable}} WHERE month_key = {m}) w
                    WHERE previous_practice = practice_key AND previous_bnf = bnf_key) d
                """, 1);
        Add("no_duplicate_keys", CheckSeverity.Error, duplicates[0] == 0, $"{duplicates[0]:N0} duplicated (month, practice, presentation) keys", duplicates[0]);

        Add("bnf_names_present", CheckSeverity.Warning, withoutBnfNames == 0,
            $"{withoutBnfNames:N0} of {factRows:N0} fact rows have a BNF code without its presentation or chapter name (a code missing from the BNF code file still counts in every BNF level's totals, which go by code; only names no other presentation gives are missing, so a query grouping by name puts its money under a null name)",
            Share(withoutBnfNames, factRows));
        Add("practice_address_present", CheckSeverity.Warning, withoutAddress == 0,
            $"{withoutAddress:N0} of {factRows:N0} fact rows have a (real) practice with no address data", Share(withoutAddress, factRows));
        Add("no_negative_values", CheckSeverity.Warning, negatives == 0, $"{negatives:N0} fact rows with a negative measure (kept)", negatives);

        var geo = await Row($$"""
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN pl.latitude IS NOT NULL AND pl.longitude IS NOT NULL THEN 1 ELSE 0 END), 0)
            FROM practice_location pl
            WHERE NOT pl.is_unidentified AND pl.practice_key IN (SELECT practice_key FROM {{practiceRollup}} WHERE month_key = {m})
            """, 2);
        var ungeocoded = new SqlText(dialect);
        ungeocoded.Append($"""
            SELECT pl.practice_code FROM practice_location pl
            WHERE NOT pl.is_unidentified AND (pl.latitude IS NULL OR pl.longitude IS NULL)
              AND pl.practice_key IN (SELECT practice_key FROM {practiceRollup} WHERE month_key = {ungeocoded.Param(m)})
            ORDER BY pl.practice_code LIMIT {ListedPractices}
            """);
        var codes = await ungeocoded.ListAsync(connection, r => r.GetString(0), transaction, cancellationToken).ConfigureAwait(false);
        var without = geo[0] - geo[1];
        Add("practices_geocoded", CheckSeverity.Warning, without == 0,
            without == 0
                ? $"all {geo[0]:N0} practices have coordinates"
                : $"{geo[1]:N0} of {geo[0]:N0} practices have coordinates; without: {string.Join(", ", codes)}{(without > codes.Count ? $" and {without - codes.Count:N0} more (see view ungeocoded_practices)" : "")}",
            geo[0] == 0 ? 1m : Share(geo[1], geo[0]));
        return results;
    }

    /// <summary>Counts the rows of <paramref name="from"/> (a table, or a table and a WHERE clause) whose (BNF key, practice
    /// key) is not greater than the previous row's, in one unordered window pass — in storage order where the engine keeps
    /// it (<see cref="ISqlDialect.StorageOrderScan"/>). Zero proves that no key repeats.</summary>
    public static string OutOfOrderKeysSql(string from) => $"""
        SELECT COUNT(*) FROM (
            SELECT k, LAG(k) OVER () AS previous
            FROM (SELECT CAST(bnf_key AS BIGINT) * 4294967296 + practice_key AS k FROM {from}) s) w
        WHERE previous >= k
        """;

    /// <summary>Appends results to <c>meta.check_results</c>.</summary>
    public static async Task RecordAsync(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, IEnumerable<CheckResult> results,
        DateTimeOffset checkedAt, CancellationToken cancellationToken = default)
    {
        foreach (var r in results)
        {
            var sql = new SqlText(dialect);
            sql.Append($"""
                INSERT INTO meta.check_results (month_key, name, severity, passed, detail, value, checked_at)
                VALUES ({sql.Param(r.Month?.Key)}, {sql.Param(r.Name)}, {sql.Param(r.Severity.ToString())}, {sql.Param(r.Passed)},
                        {sql.Param(r.Detail)}, {sql.Param(r.Value is { } v ? Math.Round(v, 10) : null)}, {sql.Param(dialect.ToDbTimestamp(checkedAt))})
                """);
            await sql.ExecuteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    private static decimal Share(long part, long whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 10);
}
