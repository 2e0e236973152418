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

    internal FactChunk AsChunk() => new(PracticeKeys, BnfKeys, Items, QuantityMilli, NicPence, ActualCostE5);
}
