namespace RxAtlas.Warehouse.Loading;

/// <summary>A block of prescribing rows on their way into <see cref="StagingTables.Prescribing"/>, column by column: codes
/// already replaced by their <see cref="CodeIds"/> ids. Rows <c>0 .. Count-1</c> are valid; batches are recycled.</summary>
public sealed class StagedRowBatch(int capacity)
{
    public int Capacity => PracticeIds.Length;
    public int Count { get; internal set; }
    public int[] PracticeIds { get; } = new int[capacity];
    public int[] BnfIds { get; } = new int[capacity];
    public long[] Items { get; } = new long[capacity];
    public long[] QuantityMilli { get; } = new long[capacity];
    public long[] NicPence { get; } = new long[capacity];
    public long[] ActualCostE5 { get; } = new long[capacity];
}
