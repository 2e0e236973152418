namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>Ranks of a load's ids by their warehouse key: rank order is key order, so sorting rows by rank sorts them by key
/// (and, the BNF keys being order-preserving, by BNF code).</summary>
internal static class KeyRanks
{
    /// <summary>rank[id] = position of keys[id] among all the keys, ascending.</summary>
    /// <exception cref="InvalidOperationException">Two ids share a key (codes map 1:1 to keys; anything else is a bug).</exception>
    public static int[] Of(IReadOnlyList<int> keys)
    {
        var ids = new int[keys.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = i;
        var sortKeys = keys.ToArray();
        Array.Sort(sortKeys, ids);
        var rank = new int[ids.Length];
        for (var r = 0; r < ids.Length; r++)
        {
            if (r > 0 && sortKeys[r] == sortKeys[r - 1]) throw new InvalidOperationException($"Two codes of one load share the key {sortKeys[r]}.");
            rank[ids[r]] = r;
        }
        return rank;
    }
}
