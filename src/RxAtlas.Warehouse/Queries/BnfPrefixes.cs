using RxAtlas.Core;

namespace RxAtlas.Warehouse.Queries;

/// <summary>Normalises a selection's BNF prefixes: splits comma-separated entries, trims, upper-cases, validates, and drops
/// any prefix already covered by a shorter one (so sums over several prefixes never count a row twice).</summary>
public static class BnfPrefixes
{
    /// <summary>Most prefixes one selection may name.</summary>
    public const int MaxPrefixes = 50;

    /// <exception cref="ArgumentException">A prefix that is not 1–15 letters and digits, or too many prefixes.</exception>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> prefixes)
    {
        var all = prefixes
            .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => p.ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var p in all)
        {
            if (!BnfCode.IsValidPrefix(p)) throw new ArgumentException($"'{p}' is not a BNF code prefix: expected 1 to 15 letters and digits.", nameof(prefixes));
        }
        if (all.Count > MaxPrefixes) throw new ArgumentException($"At most {MaxPrefixes} BNF prefixes may be selected at once.", nameof(prefixes));
        return all
            .Where(p => !all.Any(q => q.Length < p.Length && p.StartsWith(q, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
