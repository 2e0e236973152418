namespace RxAtlas.Warehouse.Keys;

/// <summary>The keys given to codes new to a dimension, and how many of them could not keep code order.</summary>
/// <param name="Keys">New code → its key.</param>
/// <param name="OutOfOrder">Codes that fell back to <c>max + spacing</c> because their gap was full; each one weakens
/// zonemap skipping for its prefix a little (results stay correct: filters never rely on key order alone).</param>
public sealed record SparseKeyAllocation(IReadOnlyDictionary<string, int> Keys, int OutOfOrder);

/// <summary>
/// Allocates order-preserving sparse integer keys, so that sorting a fact table by key also sorts it by code and a code-prefix
/// filter becomes a narrow key range that zonemaps (min/max per row group) can skip on.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The first batch (an empty dimension) gets keys <c>4096, 8192, …</c> in ordinal code order.</item>
/// <item>Later, the new codes that fall between two existing neighbours (in code order) are spread evenly over the gap
/// between the neighbours' keys: a single new code gets the midpoint. Codes after the last existing code get
/// <c>max + 4096</c>, <c>max + 8192</c>, … (still in order). Codes before the first existing code share the gap above 0.</item>
/// <item>Fallback: when a gap has fewer free keys than codes to fit, those codes get <c>max + 4096·i</c>. Order is then
/// broken for them (counted in <see cref="SparseKeyAllocation.OutOfOrder"/>). Queries stay correct because a prefix is
/// translated to the min/max key of the codes that match it (a superset range) and the exact code test is still applied.</item>
/// </list>
/// Keys never change once given, so facts never need rewriting.
/// </remarks>
public static class SparseKeyAllocator
{
    /// <summary>The distance between consecutive keys of a first batch: room for 12 successive midpoint insertions.</summary>
    public const int Spacing = 4096;

    /// <summary>Allocates keys for <paramref name="newCodes"/> (codes already in <paramref name="existing"/> are ignored).</summary>
    /// <param name="existing">Codes already keyed, in any order.</param>
    /// <param name="newCodes">Codes to key; duplicates are allowed.</param>
    /// <exception cref="InvalidOperationException">The integer key space is exhausted.</exception>
    public static SparseKeyAllocation Allocate(IEnumerable<KeyValuePair<string, int>> existing, IEnumerable<string> newCodes)
    {
        var known = new SortedDictionary<string, int>(StringComparer.Ordinal);
        long max = 0;
        foreach (var (code, key) in existing)
        {
            known[code] = key;
            max = Math.Max(max, key);
        }
        var fresh = newCodes.Where(c => !known.ContainsKey(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (fresh.Count == 0) return new SparseKeyAllocation(result, 0);

        // Walk both sorted sequences together, collecting each run of new codes that shares the same pair of neighbours.
        var existingSorted = known.ToList();
        var outOfOrder = 0;
        var e = 0;
        var run = new List<string>();
        long lower = 0;
        foreach (var code in fresh)
        {
            while (e < existingSorted.Count && string.CompareOrdinal(existingSorted[e].Key, code) < 0)
            {
                if (run.Count > 0) Flush(existingSorted[e].Value);
                lower = existingSorted[e].Value;
                e++;
            }
            run.Add(code);
        }
        Flush(e < existingSorted.Count ? existingSorted[e].Value : null);
        return new SparseKeyAllocation(result, outOfOrder);

        void Flush(long? upper)
        {
            var k = run.Count;
            if (upper is { } hi && hi - lower - 1 >= k)
            {
                for (var j = 0; j < k; j++) result[run[j]] = (int)(lower + (hi - lower) * (j + 1) / (k + 1));
            }
            else
            {
                if (upper is not null) outOfOrder += k;
                foreach (var code in run)
                {
                    max += Spacing;
                    if (max > int.MaxValue) throw new InvalidOperationException("The BNF key space is exhausted; the dimension needs re-keying.");
                    result[code] = (int)max;
                }
            }
            if (upper is null) lower = max;
            run.Clear();
        }
    }
}
