namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>Column buffers an engine hands to <see cref="ArrangedMonth.Fill"/> (DuckDB: its data-chunk vectors themselves;
/// PostgreSQL: arrays it then COPYs). All spans must have the same length, the chunk's capacity.</summary>
public readonly ref struct FactChunk(Span<int> practiceKeys, Span<int> bnfKeys, Span<int> items, Span<long> quantityMilli, Span<long> nicPence,
    Span<long> actualCostE5)
{
    public Span<int> PracticeKeys { get; } = practiceKeys;
    public Span<int> BnfKeys { get; } = bnfKeys;
    public Span<int> Items { get; } = items;
    public Span<long> QuantityMilli { get; } = quantityMilli;
    public Span<long> NicPence { get; } = nicPence;
    public Span<long> ActualCostE5 { get; } = actualCostE5;

    public int Capacity => PracticeKeys.Length;
}
