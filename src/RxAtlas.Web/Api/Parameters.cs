using System.Globalization;
using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary>Strict parsers for query and route parameters. Each returns a value or records an error; none throws.
/// Values that pass are safe to hand to the parameterised query layer.</summary>
internal static class Parameters
{
    public const int MaxBnfPrefixes = 20;
    public const int MaxTextLength = 100;
    public const int MaxN = 1000;

    /// <summary>Comma-separated BNF code prefixes of 1–15 letters and digits (upper-cased); absent or empty means all
    /// prescribing. Blank items (<c>bnf=,,</c>, <c>bnf=%20</c>) are refused rather than read as "everything".</summary>
    public static IReadOnlyList<string> BnfPrefixes(string? raw, RequestErrors errors, string name = "bnf")
    {
        if (string.IsNullOrEmpty(raw)) return [];
        var prefixes = new List<string>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                errors.Add(name, $"'{Shorten(raw)}' has an empty item: expected BNF code prefixes separated by commas, e.g. 04,0212.");
                return [];
            }
            var prefix = part.ToUpperInvariant();
            if (!BnfCode.IsValidPrefix(prefix))
            {
                errors.Add(name, $"'{Shorten(part)}' is not a BNF code prefix: expected 1 to 15 letters and digits.");
                return [];
            }
            if (!prefixes.Contains(prefix, StringComparer.Ordinal)) prefixes.Add(prefix);
        }
        if (prefixes.Count > MaxBnfPrefixes) errors.Add(name, $"At most {MaxBnfPrefixes} BNF prefixes may be given.");
        return prefixes;
    }

    /// <summary>A month written <c>YYYY-MM</c>, or null when absent.</summary>
    public static YearMonth? Month(string? raw, string name, RequestErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (raw.Length == 7 && raw[4] == '-' && YearMonth.TryParse(raw, CultureInfo.InvariantCulture, out var month)) return month;
        var wellFormed = raw.Length == 7 && raw[4] == '-' && raw.Remove(4, 1).All(char.IsAsciiDigit) && raw[5..] is var mm && int.Parse(mm, CultureInfo.InvariantCulture) is >= 1 and <= 12;
        errors.Add(name, wellFormed
            ? $"'{Shorten(raw)}' is out of range: expected a month from 1900-01 to 2999-12."
            : $"'{Shorten(raw)}' is not a month: expected YYYY-MM, e.g. 2024-03.");
        return null;
    }

    /// <summary>One end of a period (<c>from</c>, <c>to</c>): a month <c>YYYY-MM</c>, or an NHS financial year <c>YYYY/YY</c>
    /// (<c>2019/20</c>: April 2019 to March 2020), standing for its months; null when absent. Whether a financial year has a
    /// loaded month is the caller's to check.</summary>
    public static PeriodEnd? PeriodEnd(string? raw, string name, RequestErrors errors)
    {
        if (raw is null || !raw.Contains('/', StringComparison.Ordinal))
            return Month(raw, name, errors) is { } month ? new PeriodEnd(month, month, null) : null;
        if (FinancialYear.TryParse(raw, out var year)) return new PeriodEnd(year.First, year.Last, year);
        errors.Add(name, $"'{Shorten(raw)}' is not a financial year: expected YYYY/YY, the second year the one after the first, " +
            "e.g. 2019/20 (April 2019 to March 2020); or a month, YYYY-MM.");
        return null;
    }

    /// <summary><c>nic</c> (the default), <c>actual_cost</c>, <c>items</c> or <c>quantity</c>.</summary>
    public static Metric Metric(string? raw, RequestErrors errors)
    {
        switch (raw?.ToLowerInvariant())
        {
            case null or "" or "nic": return Warehouse.Queries.Metric.Nic;
            case "actual_cost": return Warehouse.Queries.Metric.ActualCost;
            case "items": return Warehouse.Queries.Metric.Items;
            case "quantity": return Warehouse.Queries.Metric.Quantity;
            default:
                errors.Add("metric", $"'{Shorten(raw)}' is not a metric: expected nic, actual_cost, items or quantity.");
                return Warehouse.Queries.Metric.Nic;
        }
    }

    /// <summary>The API's name for <paramref name="metric"/>, as <see cref="Metric(string?, RequestErrors)"/> reads it.</summary>
    public static string MetricName(Metric metric) => metric switch
    {
        Warehouse.Queries.Metric.ActualCost => "actual_cost",
        Warehouse.Queries.Metric.Items => "items",
        Warehouse.Queries.Metric.Quantity => "quantity",
        _ => "nic",
    };

    /// <summary>A flag: <c>true</c>/<c>1</c>, or <c>false</c>/<c>0</c>/absent.</summary>
    public static bool Flag(string? raw, string name, RequestErrors errors)
    {
        switch (raw?.ToLowerInvariant())
        {
            case null or "" or "false" or "0": return false;
            case "true" or "1": return true;
            default:
                errors.Add(name, $"'{Shorten(raw)}' is not a flag: expected true or false (or 1 or 0).");
                return false;
        }
    }

    /// <summary>The per-1,000-patients flag (<see cref="PerThousandName"/>).</summary>
    public static bool PerThousand(string? raw, RequestErrors errors) => Flag(raw, PerThousandName, errors);

    /// <summary>The wire name of the per-1,000-patients flag.</summary>
    public const string PerThousandName = "per_1000";

    /// <summary>An integer count within <paramref name="min"/>..<paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Count(string? raw, string name, int fallback, int min, int max, RequestErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        var number = raw.Length > 0 && raw.TrimStart('-').Length > 0 && raw.TrimStart('-').All(char.IsAsciiDigit) && raw.LastIndexOf('-') <= 0;
        errors.Add(name, number
            ? $"'{Shorten(raw)}' is out of range: expected a whole number from {min} to {max}."
            : $"'{Shorten(raw)}' is not a whole number: expected one from {min} to {max}.");
        return fallback;
    }

    /// <summary><c>json</c> (the default) or <c>csv</c>; true for CSV.</summary>
    public static bool WantsCsv(string? raw, RequestErrors errors)
    {
        switch (raw?.ToLowerInvariant())
        {
            case null or "" or "json": return false;
            case "csv": return true;
            default:
                errors.Add("format", $"'{Shorten(raw)}' is not a format: expected json or csv.");
                return false;
        }
    }

    /// <summary>The wire name of the ICB filter.</summary>
    public const string IcbName = "icb";

    /// <summary>The wire name of the sub-ICB location filter.</summary>
    public const string SubIcbName = "sub_icb";

    /// <summary>A region code: 1–12 letters and digits (upper-cased), or null when absent. Existence is checked by the caller.</summary>
    public static string? RegionCode(string? raw, RequestErrors errors) => AreaCode(raw, "region", "a region code", errors);

    /// <summary>An ICB's ODS code (e.g. <c>QE1</c>): 1–12 letters and digits (upper-cased), or null when absent. Existence is
    /// checked by the caller.</summary>
    public static string? IcbCode(string? raw, RequestErrors errors) => AreaCode(raw, IcbName, "an ICB code", errors);

    /// <summary>A sub-ICB location's ODS code (e.g. <c>00L</c>, <c>W2U3Z</c>), upper-cased, in the form the warehouse stores
    /// (EPD's <c>PCO_CODE</c> form <c>00L00</c> is read as <c>00L</c>); null when absent. Existence is checked by the caller.</summary>
    public static string? SubIcbCode(string? raw, RequestErrors errors) =>
        AreaCode(raw, SubIcbName, "a sub-ICB location code", errors) is { } code ? SubIcbCodes.Normalise(code) : null;

    private static string? AreaCode(string? raw, string name, string what, RequestErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        var code = raw.Trim().ToUpperInvariant();
        if (code.Length is >= 1 and <= 12 && code.All(char.IsAsciiLetterOrDigit)) return code;
        errors.Add(name, $"'{Shorten(raw)}' is not {what}: expected 1 to 12 letters and digits.");
        return null;
    }

    /// <summary>A practice code (1–8 letters and digits, or <c>-</c>), upper-cased, or null when absent.</summary>
    public static string? PracticeCode(string? raw, string name, RequestErrors errors)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        var code = raw.Trim().ToUpperInvariant();
        if (Core.PracticeCode.IsValid(code)) return code;
        errors.Add(name, $"'{Shorten(raw)}' is not a practice code: expected 1 to 8 letters and digits.");
        return null;
    }

    /// <summary>Required search text of 1–100 printable characters (it is passed as a parameter, never concatenated).</summary>
    public static string Text(string? raw, string name, RequestErrors errors)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0) errors.Add(name, "Search text is required.");
        else if (text.Length > MaxTextLength) errors.Add(name, $"Search text is limited to {MaxTextLength} characters.");
        else if (text.Any(char.IsControl)) errors.Add(name, "Search text must not contain control characters.");
        return text;
    }

    /// <summary>Echoes user input in messages without letting it grow the response without bound.</summary>
    internal static string Shorten(string value)
    {
        if (value.Length <= 40) return value;
        var cut = char.IsHighSurrogate(value[39]) ? 39 : 40; // never half of a character outside the BMP
        return string.Concat(value.AsSpan(0, cut), "…");
    }
}

/// <summary>What a <c>from</c> or <c>to</c> parameter stands for: one month, or a financial year's twelve.</summary>
/// <param name="First">Its first month.</param>
/// <param name="Last">Its last month.</param>
/// <param name="Year">The financial year it was given as; null for a month.</param>
internal sealed record PeriodEnd(YearMonth First, YearMonth Last, FinancialYear? Year);
