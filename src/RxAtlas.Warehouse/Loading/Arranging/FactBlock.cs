namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>A block of arranged fact rows, column by column; rows <c>0 .. Count-1</c> are valid. Blocks are recycled.</summary>
public sealed class FactBlock(int capacity)
{
    public int Count { get; internal set; }
    public int[] PracticeKeys { get; } = new int[capacity];
    public int[] BnfKeys { get; } = new int[capacity];
    public int[] Items { get; } = new int[capacity];
    public long[] QuantityMilli { get; } = new long[capacity];
    public long[] NicPence { get; } = new long[capacity];
    public long[] ActualCostE5 { get; } = new long[capacity];

    /// <summary>Makes this block hold rows <c>start .. start+count-1</c> of <paramref name="source"/>.</summary>
    public void CopyFrom(FactBlock source, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, PracticeKeys.Length);
        source.PracticeKeys.AsSpan(start, count).CopyTo(PracticeKeys);
        source.BnfKeys.AsSpan(start, count).CopyTo(BnfKeys);
        source.Items.AsSpan(start, count).CopyTo(Items);
        source.QuantityMilli.AsSpan(start, count).CopyTo(QuantityMilli);
        source.NicPence.AsSpan(start, count).CopyTo(NicPence);
        source.ActualCostE5.AsSpan(start, count).CopyTo(ActualCostE5);
        Count = count;
    }

    internal FactChunk AsChunk() => new(PracticeKeys, BnfKeys, Items, QuantityMilli, NicPence, ActualCostE5);
}
