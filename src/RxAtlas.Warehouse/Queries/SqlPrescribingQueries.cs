using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.Queries;

/// <summary>
/// <see cref="IPrescribingQueries"/> in engine-neutral, always-parameterised SQL over the shared schema.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Source: no BNF filter → <c>rollup_practice_month</c>; every prefix a chapter/section/paragraph
/// (length 2, 4, 6) → <c>rollup_bnf_practice_month</c>; otherwise the fact, with each prefix translated first to the
/// min–max <c>bnf_key</c> range of the codes it matches (keys preserve code order, so the range is narrow and zonemaps skip
/// row groups) and the exact code test kept (so results stay right even for out-of-order keys).</item>
/// <item>Rollups are written for a month inside its load transaction, from the same arranged rows as the fact, so
/// rollup-backed and fact-backed answers always agree.</item>
/// <item>Unidentified pseudo-practices (<c>-</c>, <c>…998</c>) are excluded from map and top lists but included in time
/// series and medicine totals, so national totals reconcile with the source.</item>
/// <item>List sizes: a practice's <see cref="PracticeMeasure.PatientMonths"/> is the sum of its list sizes over the selection's
/// loaded months in which it has one (null when none), and <see cref="PracticeMeasure.SizedSums"/> its sums over those same
/// months, so a rate's numerator and denominator always cover the same months.</item>
/// <item>Area filters (region, ICB, sub-ICB location): the practice's effective geography in <c>practice_location</c> (postcode
/// lookup, else the practice's own code), tested on the practice dimension joined by <c>practice_key</c> as the practice
/// filter is; several areas narrow to their intersection.</item>
/// </list>
/// </remarks>
public sealed class SqlPrescribingQueries(IConnectionSource connections) : IPrescribingQueries
{
    private const string Sums =
        "CAST(SUM(x.items) AS BIGINT) AS items, CAST(SUM(x.quantity_milli) AS BIGINT) AS quantity_milli, " +
        "CAST(SUM(x.nic_pence) AS BIGINT) AS nic_pence, CAST(SUM(x.actual_cost_e5) AS BIGINT) AS actual_cost_e5";

    private ISqlDialect Dialect => connections.Dialect;

    public async Task<IReadOnlyList<PracticeMeasure>> MapAsync(Selection selection, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = await PracticeMeasuresSql(connection, selection, excludeUnidentified: false, cancellationToken).ConfigureAwait(false);
        sql.Append(" ORDER BY pl.practice_code");
        return await sql.ListAsync(connection, ReadPracticeMeasure, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PracticeMeasure>> TopAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = await PracticeMeasuresSql(connection, selection, excludeUnidentified: true, cancellationToken).ConfigureAwait(false);
        sql.Append($" ORDER BY {MetricColumn(metric)} DESC, pl.practice_code LIMIT {sql.Param(n)}");
        return await sql.ListAsync(connection, ReadPracticeMeasure, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PracticeMeasure>> TopPerThousandPatientsAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        // Ranked in memory on the exact decimal rate, so both engines order identically (SQL division scales differ).
        var all = await MapAsync(selection, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(p => !p.IsUnidentified).OrderBy(p => p.PerThousandPatients(metric) is null)
            .ThenByDescending(p => p.PerThousandPatients(metric))
            .ThenBy(p => p.PracticeCode, StringComparer.Ordinal)
            .Take(n)];
    }

    public async Task<IReadOnlyList<YearMonth>> ListSizeMonthsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect).Append("SELECT DISTINCT month_key FROM fact_list_size ORDER BY month_key");
        return await sql.ListAsync(connection, r => YearMonth.FromKey((int)r.Int64(0)), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MonthMeasure>> TimeSeriesAsync(Selection selection, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect);
        var source = await SourceSql(connection, sql, selection, cancellationToken).ConfigureAwait(false);
        var needsPractice = selection.NarrowsPractices;
        sql.Append($"""
            SELECT m.month_key, COALESCE(s.items, 0), COALESCE(s.quantity_milli, 0), COALESCE(s.nic_pence, 0), COALESCE(s.actual_cost_e5, 0)
            FROM dim_month m
            LEFT JOIN (
                SELECT x.month_key, {Sums}
                FROM {source}
                {(needsPractice ? "JOIN practice_location pl ON pl.practice_key = x.practice_key" : "")}
                WHERE {PracticeFilter(sql, selection, excludeUnidentified: false)}
                GROUP BY x.month_key
            ) s ON s.month_key = m.month_key
            WHERE m.month_key BETWEEN {sql.Param(selection.From.Key)} AND {sql.Param(selection.To.Key)}
              AND m.month_key IN (SELECT month_key FROM meta.loads)
            ORDER BY m.month_key
            """);
        return await sql.ListAsync(connection, r => new MonthMeasure(YearMonth.FromKey((int)r.Int64(0)), r.Int64(1), r.Int64(2), r.Int64(3), r.Int64(4)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MedicineMeasure>> TopMedicinesAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect);
        var prefixes = BnfPrefixes.Normalise(selection.BnfPrefixes);
        var bnfFilter = await FactBnfFilter(connection, sql, prefixes, cancellationToken).ConfigureAwait(false);
        var needsPractice = selection.NarrowsPractices;
        sql.Append($"""
            SELECT b.bnf_code, b.presentation, {Sums}
            FROM fact_prescribing x
            JOIN dim_bnf b ON b.bnf_key = x.bnf_key
            {(needsPractice ? "JOIN practice_location pl ON pl.practice_key = x.practice_key" : "")}
            WHERE x.month_key BETWEEN {sql.Param(selection.From.Key)} AND {sql.Param(selection.To.Key)}
              AND {bnfFilter}
              AND {PracticeFilter(sql, selection, excludeUnidentified: false)}
            GROUP BY b.bnf_code, b.presentation
            ORDER BY {MetricColumn(metric)} DESC, b.bnf_code
            LIMIT {sql.Param(n)}
            """);
        return await sql.ListAsync(connection, r => new MedicineMeasure(r.GetString(0), r.NullableString(1), r.Int64(2), r.Int64(3), r.Int64(4), r.Int64(5)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BnfNode>> SearchBnfAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var term = (text ?? "").Trim();
        if (term.Length == 0 || limit == 0) return [];
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect);
        var codePrefix = term.ToUpperInvariant();
        var codeParam = BnfCode.IsValidPrefix(codePrefix) ? sql.Param(codePrefix + "%") : null;
        var nameParam = sql.Param("%" + EscapeLike(term.ToLowerInvariant()) + "%");
        var parts = BnfCode.Levels.Select(level =>
        {
            var len = (int)level;
            var match = codeParam is null
                ? $"LOWER(MAX(name)) LIKE {nameParam} ESCAPE '\\'"
                : $"(code LIKE {codeParam} OR LOWER(MAX(name)) LIKE {nameParam} ESCAPE '\\')";
            return $"""
                SELECT code, MAX(name) AS name, {len} AS level_length, MAX(code_length) AS max_length
                FROM ({NodeRows(level)} WHERE LENGTH(b.bnf_code) >= {len}) n
                GROUP BY code
                HAVING {match}
                """;
        });
        sql.Append("SELECT code, name, level_length, max_length FROM (")
            .Append(string.Join(" UNION ALL ", parts))
            .Append($") u ORDER BY level_length, code LIMIT {sql.Param(limit)}");
        return await sql.ListAsync(connection, ReadNode, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BnfNode>> BnfChildrenAsync(string code, CancellationToken cancellationToken = default)
    {
        var parent = (code ?? "").Trim().ToUpperInvariant();
        BnfLevel level;
        if (parent.Length == 0) level = BnfLevel.Chapter;
        else
        {
            if (!BnfCode.IsValidPrefix(parent) || BnfCode.LevelOfLength(parent.Length) is not { } parentLevel)
                throw new ArgumentException($"'{code}' is not a BNF code at any level (lengths 2, 4, 6, 7, 9, 11, 15).", nameof(code));
            if (BnfCode.Child(parentLevel) is not { } child) return [];
            level = child;
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect);
        sql.Append($"""
            SELECT code, MAX(name), {(int)level}, MAX(code_length)
            FROM ({NodeRows(level)} WHERE b.bnf_code LIKE {sql.Param(parent + "%")} AND LENGTH(b.bnf_code) > {parent.Length}) n
            GROUP BY code
            ORDER BY code
            """);
        return await sql.ListAsync(connection, ReadNode, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<PracticeDetail?> PracticeAsync(string practiceCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect);
        sql.Append($"""
            SELECT practice_code, name, address, postcode, latitude, longitude, region_code, region_name, icb_code, icb_name, is_unidentified,
                   sub_icb_code, sub_icb_name
            FROM practice_location WHERE practice_code = {sql.Param((practiceCode ?? "").Trim().ToUpperInvariant())}
            """);
        var rows = await sql.ListAsync(connection, r => new PracticeDetail(r.GetString(0), r.NullableString(1), r.NullableString(2), r.NullableString(3),
            r.NullableDouble(4), r.NullableDouble(5), r.NullableString(6), r.NullableString(7), r.NullableString(8), r.NullableString(9), r.Bool(10),
            r.NullableString(11), r.NullableString(12)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<PracticeSummary>> SearchPracticesAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var term = (text ?? "").Trim();
        if (term.Length == 0 || limit == 0) return [];
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect);
        // Codes and postcodes have no spaces of their own ("E85 022" is E85022, "w12 6zt" is W126ZT); names keep them.
        var code = string.Concat(term.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var postcodeKey = EscapeLike(Postcode.Key(term) ?? "");
        sql.Append($"""
            SELECT practice_code, name, postcode, latitude, longitude, is_unidentified
            FROM practice_location
            WHERE practice_code LIKE {sql.Param(EscapeLike(code) + "%")} ESCAPE '\'
               OR LOWER(name) LIKE {sql.Param("%" + EscapeLike(term.ToLowerInvariant()) + "%")} ESCAPE '\'
               OR REPLACE(postcode, ' ', '') LIKE {sql.Param(postcodeKey + "%")} ESCAPE '\'
            ORDER BY CASE WHEN practice_code = {sql.Param(code)} THEN 0 ELSE 1 END, practice_code
            LIMIT {sql.Param(limit)}
            """);
        return await sql.ListAsync(connection, r => new PracticeSummary(r.GetString(0), r.NullableString(1), r.NullableString(2), r.NullableDouble(3), r.NullableDouble(4), r.Bool(5)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect).Append("SELECT month_key FROM meta.loads ORDER BY month_key");
        return await sql.ListAsync(connection, r => YearMonth.FromKey((int)r.Int64(0)), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect).Append("""
            SELECT region_code, MAX(region_name), COUNT(*)
            FROM practice_location
            WHERE region_code IS NOT NULL AND NOT is_unidentified
            GROUP BY region_code
            ORDER BY region_code
            """);
        return await sql.ListAsync(connection, r => new Region(r.GetString(0), r.NullableString(1), (int)r.Int64(2)), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PracticeArea>> AreasAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = new SqlText(Dialect).Append("""
            SELECT region_code, MAX(region_name), icb_code, MAX(icb_name), sub_icb_code, MAX(sub_icb_name), COUNT(*)
            FROM practice_location
            WHERE (icb_code IS NOT NULL OR sub_icb_code IS NOT NULL) AND NOT is_unidentified
            GROUP BY region_code, icb_code, sub_icb_code
            """);
        var rows = await sql.ListAsync(connection, r => new PracticeArea(r.NullableString(0), r.NullableString(1), r.NullableString(2),
            r.NullableString(3), r.NullableString(4), r.NullableString(5), (int)r.Int64(6)), cancellationToken: cancellationToken).ConfigureAwait(false);
        // Ordered here, not in SQL: the engines place nulls differently.
        return [.. rows.OrderBy(a => a.RegionCode, StringComparer.Ordinal).ThenBy(a => a.IcbCode, StringComparer.Ordinal)
            .ThenBy(a => a.SubIcbCode, StringComparer.Ordinal)];
    }

    /// <summary>SELECT … per practice within the selection (unidentified prescribers too unless excluded), without ORDER BY.</summary>
    private async Task<SqlText> PracticeMeasuresSql(DbConnection connection, Selection selection, bool excludeUnidentified, CancellationToken cancellationToken)
    {
        var sql = new SqlText(Dialect);
        var source = await SourceSql(connection, sql, selection, cancellationToken).ConfigureAwait(false);
        var from = sql.Param(selection.From.Key);
        var to = sql.Param(selection.To.Key);
        sql.Append($"""
            SELECT pl.practice_code, pl.name, pl.latitude, pl.longitude, {Sums},
                   ls.patients, ls.months, pl.is_unidentified,
                   CAST(SUM(CASE WHEN xs.patients IS NOT NULL THEN x.items ELSE 0 END) AS BIGINT) AS sized_items,
                   CAST(SUM(CASE WHEN xs.patients IS NOT NULL THEN x.quantity_milli ELSE 0 END) AS BIGINT) AS sized_quantity_milli,
                   CAST(SUM(CASE WHEN xs.patients IS NOT NULL THEN x.nic_pence ELSE 0 END) AS BIGINT) AS sized_nic_pence,
                   CAST(SUM(CASE WHEN xs.patients IS NOT NULL THEN x.actual_cost_e5 ELSE 0 END) AS BIGINT) AS sized_actual_cost_e5,
                   (SELECT COUNT(*) FROM meta.loads WHERE month_key BETWEEN {from} AND {to}) AS loaded_months
            FROM {source}
            JOIN practice_location pl ON pl.practice_key = x.practice_key
            LEFT JOIN fact_list_size xs ON xs.practice_key = x.practice_key AND xs.month_key = x.month_key
            LEFT JOIN (
                SELECT l.practice_key, CAST(SUM(l.patients) AS BIGINT) AS patients, COUNT(*) AS months
                FROM fact_list_size l
                WHERE l.month_key BETWEEN {from} AND {to} AND l.month_key IN (SELECT month_key FROM meta.loads)
                GROUP BY l.practice_key
            ) ls ON ls.practice_key = pl.practice_key
            WHERE {PracticeFilter(sql, selection, excludeUnidentified)}
            GROUP BY pl.practice_code, pl.name, pl.latitude, pl.longitude, ls.patients, ls.months, pl.is_unidentified
            """);
        return sql;
    }

    /// <summary>A derived table <c>x(month_key, practice_key, items, quantity_milli, nic_pence, actual_cost_e5)</c>
    /// already filtered by month range and BNF prefixes, read from the cheapest table that can answer.</summary>
    private async Task<string> SourceSql(DbConnection connection, SqlText sql, Selection selection, CancellationToken cancellationToken)
    {
        var prefixes = BnfPrefixes.Normalise(selection.BnfPrefixes);
        var from = sql.Param(selection.From.Key);
        var to = sql.Param(selection.To.Key);
        const string measures = "month_key, practice_key, items, quantity_milli, nic_pence, actual_cost_e5";
        if (prefixes.Count == 0)
            return $"(SELECT {measures} FROM rollup_practice_month WHERE month_key BETWEEN {from} AND {to}) x";
        if (prefixes.All(p => WarehouseSql.RolledUpLevelLengths.Contains(p.Length)))
        {
            var any = string.Join(" OR ", prefixes.Select(p => $"(level_length = {sql.Param(p.Length)} AND bnf_prefix = {sql.Param(p)})"));
            return $"(SELECT {measures} FROM rollup_bnf_practice_month WHERE month_key BETWEEN {from} AND {to} AND ({any})) x";
        }
        var filter = await FactBnfFilter(connection, sql, prefixes, cancellationToken).ConfigureAwait(false);
        return $"""
            (SELECT x.month_key, x.practice_key, x.items, x.quantity_milli, x.nic_pence, x.actual_cost_e5
             FROM fact_prescribing x JOIN dim_bnf b ON b.bnf_key = x.bnf_key
             WHERE x.month_key BETWEEN {from} AND {to} AND {filter}) x
            """;
    }

    /// <summary>A condition on fact alias <c>x</c> and BNF alias <c>b</c>: each prefix becomes a key range (looked up now)
    /// plus the exact code test. Prefixes matching no code are dropped; none left → always false.</summary>
    private async Task<string> FactBnfFilter(DbConnection connection, SqlText sql, IReadOnlyList<string> prefixes, CancellationToken cancellationToken)
    {
        if (prefixes.Count == 0) return "1 = 1";
        var terms = new List<string>();
        foreach (var prefix in prefixes)
        {
            var lookup = new SqlText(Dialect);
            lookup.Append($"SELECT MIN(bnf_key), MAX(bnf_key) FROM dim_bnf WHERE bnf_code LIKE {lookup.Param(prefix + "%")}");
            var range = await lookup.ListAsync(connection, r => (Lo: r.NullableInt64(0), Hi: r.NullableInt64(1)), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (range[0] is not { Lo: { } lo, Hi: { } hi }) continue;
            terms.Add($"(x.bnf_key BETWEEN {sql.Param((int)lo)} AND {sql.Param((int)hi)} AND b.bnf_code LIKE {sql.Param(prefix + "%")})");
        }
        return terms.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", terms) + ")";
    }

    private static string PracticeFilter(SqlText sql, Selection selection, bool excludeUnidentified)
    {
        var conditions = new List<string> { "1 = 1" };
        if (excludeUnidentified) conditions.Add("NOT pl.is_unidentified");
        if (selection.RegionCode is { } region) conditions.Add($"pl.region_code = {sql.Param(region.Trim())}");
        if (selection.IcbCode is { } icb) conditions.Add($"pl.icb_code = {sql.Param(icb.Trim().ToUpperInvariant())}");
        if (selection.SubIcbCode is { } subIcb) conditions.Add($"pl.sub_icb_code = {sql.Param(subIcb.Trim().ToUpperInvariant())}");
        if (selection.PracticeCode is { } practice) conditions.Add($"pl.practice_code = {sql.Param(practice.Trim().ToUpperInvariant())}");
        return string.Join(" AND ", conditions);
    }

    /// <summary>Rows (code, name, code_length) naming the node at <paramref name="level"/> each presentation belongs to. A code
    /// shorter than the level (an 11-character appliance below a 15-character level) is its own node. The name is the level's
    /// name where the dimension's level code agrees with the derived code (placeholders and repeated levels give null), else the
    /// presentation's where the node is the presentation itself (an appliance's 11-character code is also its product's, whose
    /// name is a placeholder).</summary>
    private static string NodeRows(BnfLevel level)
    {
        var len = (int)level;
        var nameColumn = level switch
        {
            BnfLevel.Chapter => "chapter",
            BnfLevel.Section => "section",
            BnfLevel.Paragraph => "paragraph",
            BnfLevel.Subparagraph => "subparagraph",
            BnfLevel.Chemical => "chemical",
            BnfLevel.Product => "product",
            _ => "presentation",
        };
        var codeColumn = level == BnfLevel.Presentation ? "bnf_code" : nameColumn + "_code";
        var derived = $"LEFT(b.bnf_code, {len})";
        return $"""
            SELECT {derived} AS code,
                   CASE WHEN b.{codeColumn} = {derived} AND b.{nameColumn} IS NOT NULL THEN b.{nameColumn}
                        WHEN b.bnf_code = {derived} THEN b.presentation END AS name,
                   LENGTH(b.bnf_code) AS code_length
            FROM dim_bnf b
            """;
    }

    private static BnfNode ReadNode(DbDataReader r)
    {
        var code = r.GetString(0);
        var levelLength = (int)r.Int64(2);
        var level = BnfCode.LevelOfLength(code.Length) ?? (BnfLevel)levelLength;
        return new BnfNode(code, r.NullableString(1), level, r.Int64(3) > code.Length);
    }

    private static PracticeMeasure ReadPracticeMeasure(DbDataReader r) =>
        new(r.GetString(0), r.NullableString(1), r.NullableDouble(2), r.NullableDouble(3), r.Int64(4), r.Int64(5), r.Int64(6), r.Int64(7))
        {
            PatientMonths = r.NullableInt64(8),
            ListSizeMonths = r.IsDBNull(8) ? 0 : (int)r.Int64(9),
            IsUnidentified = r.GetBoolean(10),
            SizedSums = new MeasureSums(r.Int64(11), r.Int64(12), r.Int64(13), r.Int64(14)),
            LoadedMonths = (int)r.Int64(15),
        };

    private static string MetricColumn(Metric metric) => metric switch
    {
        Metric.Nic => "nic_pence",
        Metric.ActualCost => "actual_cost_e5",
        Metric.Items => "items",
        Metric.Quantity => "quantity_milli",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Escapes LIKE wildcards with backslash (paired with <c>ESCAPE '\'</c>).</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
