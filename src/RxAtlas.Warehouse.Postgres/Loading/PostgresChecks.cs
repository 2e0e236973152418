using System.Globalization;
using Npgsql;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>The data-quality checks, evaluated against what is in the warehouse (inside the load transaction during a
/// load, so a failing error-level check rolls the load back).</summary>
internal static class PostgresChecks
{
    /// <summary>Largest share of a month's presentations with no BNF name before <c>bnf_names_known</c> warns.</summary>
    public const decimal UnnamedBnfTolerance = 0.01m;

    /// <summary>Largest share of a month's practices without coordinates before <c>practices_located</c> warns.</summary>
    public const decimal UnlocatedPracticeTolerance = 0.05m;

    public static async Task<List<CheckResult>> RunAsync(NpgsqlConnection connection, YearMonth? month, CancellationToken cancellationToken)
    {
        var months = new List<YearMonth>();
        await using (var cmd = Sql.Command(connection,
            "SELECT month_key FROM meta.loads WHERE $1::int IS NULL OR month_key = $1 ORDER BY month_key", month?.Key))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) months.Add(YearMonth.FromKey(reader.GetInt32(0)));
        }
        var results = new List<CheckResult>();
        foreach (var m in months) results.AddRange(await MonthAsync(connection, m, cancellationToken).ConfigureAwait(false));
        if (month is null) results.Add(Contiguous(months));
        return results;
    }

    /// <summary>Appends results to <c>meta.check_results</c>.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, IEnumerable<CheckResult> results, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var r in results)
        {
            await Sql.ExecAsync(connection,
                "INSERT INTO meta.check_results (name, severity, passed, month_key, detail, value, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                cancellationToken, r.Name, r.Severity.ToString(), r.Passed, r.Month?.Key, r.Detail, r.Value, at.ToUniversalTime()).ConfigureAwait(false);
        }
    }

    private static async Task<List<CheckResult>> MonthAsync(NpgsqlConnection connection, YearMonth month, CancellationToken cancellationToken)
    {
        await using var cmd = Sql.Command(connection,
            """
            SELECT l.source_rows, l.items, l.quantity_milli, l.nic_pence, l.actual_cost_e5,
                   f.fact_rows, f.items, f.quantity_milli, f.nic_pence, f.actual_cost_e5, f.unnamed_bnf, f.bnf_codes,
                   f.unlocated, f.practices
            FROM meta.loads l
            CROSS JOIN LATERAL (
                SELECT count(*) AS fact_rows,
                       COALESCE(sum(x.items), 0)::bigint AS items,
                       COALESCE(sum(x.quantity_milli), 0)::bigint AS quantity_milli,
                       COALESCE(sum(x.nic_pence), 0)::bigint AS nic_pence,
                       COALESCE(sum(x.actual_cost_e5), 0)::bigint AS actual_cost_e5,
                       (SELECT count(*) FROM dim_bnf b WHERE b.presentation IS NULL
                          AND b.bnf_key IN (SELECT bnf_key FROM fact_prescribing WHERE month_key = l.month_key)) AS unnamed_bnf,
                       (SELECT count(DISTINCT bnf_key) FROM fact_prescribing WHERE month_key = l.month_key) AS bnf_codes,
                       (SELECT count(*) FROM practices p JOIN dim_practice d USING (practice_code)
                          WHERE p.latitude IS NULL AND NOT d.is_unidentified
                          AND d.practice_key IN (SELECT practice_key FROM fact_prescribing WHERE month_key = l.month_key)) AS unlocated,
                       (SELECT count(*) FROM dim_practice d WHERE NOT d.is_unidentified
                          AND d.practice_key IN (SELECT practice_key FROM fact_prescribing WHERE month_key = l.month_key)) AS practices
                FROM fact_prescribing x WHERE x.month_key = l.month_key) f
            WHERE l.month_key = $1
            """, month.Key);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var source = new SourceTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        var factRows = reader.GetInt64(5);
        var fact = new SourceTotals(source.Rows, reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
        long unnamed = reader.GetInt64(10), codes = reader.GetInt64(11), unlocated = reader.GetInt64(12), practices = reader.GetInt64(13);

        return
        [
            TotalsMatch(month, source, fact),
            new CheckResult("month_has_rows", CheckSeverity.Error, factRows > 0, month,
                string.Create(CultureInfo.InvariantCulture, $"{factRows} fact rows from {source.Rows} source rows"), factRows),
            Share("bnf_names_known", month, unnamed, codes, UnnamedBnfTolerance, "presentations without a BNF name"),
            Share("practices_located", month, unlocated, practices, UnlocatedPracticeTolerance, "practices without coordinates"),
        ];
    }

    private static CheckResult TotalsMatch(YearMonth month, SourceTotals source, SourceTotals fact)
    {
        var passed = source == fact;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"source items {source.Items}, quantity {F(source.QuantityMilli, Scale.QuantityDigits)}, NIC £{F(source.NicPence, Scale.NicDigits)}, actual cost £{F(source.ActualCostE5, Scale.ActualCostDigits)}; "
            + $"warehouse items {fact.Items}, quantity {F(fact.QuantityMilli, Scale.QuantityDigits)}, NIC £{F(fact.NicPence, Scale.NicDigits)}, actual cost £{F(fact.ActualCostE5, Scale.ActualCostDigits)}");
        return new CheckResult("totals_match_source", CheckSeverity.Error, passed, month, detail);
    }

    private static CheckResult Share(string name, YearMonth month, long count, long of, decimal tolerance, string what)
    {
        var share = of == 0 ? 0m : Math.Round((decimal)count / of, 6, MidpointRounding.AwayFromZero);
        return new CheckResult(name, CheckSeverity.Warning, share <= tolerance, month,
            string.Create(CultureInfo.InvariantCulture, $"{count} of {of} {what} ({share:P2}; tolerance {tolerance:P0})"), share);
    }

    private static CheckResult Contiguous(List<YearMonth> months)
    {
        var missing = months.Count == 0 ? [] : YearMonth.Range(months[0], months[^1]).Except(months).ToList();
        var detail = missing.Count == 0
            ? $"{months.Count} months loaded without gaps"
            : $"missing {string.Join(", ", missing.Take(12))}{(missing.Count > 12 ? ", …" : "")}";
        return new CheckResult("months_contiguous", CheckSeverity.Warning, missing.Count == 0, null, detail, missing.Count);
    }

    private static string F(long value, int digits) => FixedPoint.Format(value, digits);
}
