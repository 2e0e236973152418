using System.Collections;

namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>An append-only list in fixed-size blocks: growing never copies (unlike <see cref="List{T}"/>'s doubling), so a few
/// million rollup rows cost their size and no more.</summary>
internal sealed class BlockList<T> : IReadOnlyList<T>
{
    private const int BlockShift = 14;
    private const int BlockSize = 1 << BlockShift;
    private readonly List<T[]> _blocks = [];

    public int Count { get; private set; }

    public T this[int index] =>
        (uint)index < (uint)Count ? _blocks[index >> BlockShift][index & (BlockSize - 1)] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if ((Count & (BlockSize - 1)) == 0 && Count >> BlockShift == _blocks.Count) _blocks.Add(new T[BlockSize]);
        _blocks[Count >> BlockShift][Count & (BlockSize - 1)] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var b = 0; b < _blocks.Count; b++)
        {
            var block = _blocks[b];
            var n = Math.Min(BlockSize, Count - (b << BlockShift));
            for (var i = 0; i < n; i++) yield return block[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
