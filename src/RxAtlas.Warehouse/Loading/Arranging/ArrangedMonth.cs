using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using RxAtlas.Core.Coding;

namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>One month's rows arranged into the warehouse's fact in memory: sorted by BNF key then practice key, rows sharing a
/// (practice, presentation) summed (EPD's per-pack rows), codes replaced by warehouse keys — and, in the same pass, the
/// month's rollups. Engines stream the fact out with <see cref="Fill"/> straight into their bulk writers.</summary>
/// <remarks>
/// Rows in memory are sorted in place as one <see cref="SortedSegment"/> (a 4-byte index per row; nothing row-sized is
/// copied). Spilled rows are sorted a BNF range at a time (<see cref="SpilledSegments"/>), so memory stays bounded by
/// <see cref="CodedPrescribing.RowsInMemory"/> whatever the file size. Rollups are summed per practice while the fact streams
/// out: every BNF level's rows are contiguous in BNF order, so each level needs only one accumulator per practice.
/// Disposing releases the source rows (and deletes their spill file) early; it happens anyway once the fact is read.
/// </remarks>
public sealed class ArrangedMonth : IDisposable
{
    private CodedPrescribing? _source;
    private readonly int[] _practiceKeyOfId, _bnfKeyOfId, _bnfRank;
    /// <summary>Rows per BNF rank, counted once when the rows are spilled (to cut them into segments); otherwise on demand.</summary>
    private long[]? _rowsPerBnfRank;
    private readonly RollupAccumulator _rollups;
    private readonly long _sourceRows;
    private IEnumerator<Func<SortedSegment>>? _segments;
    private CodedPrescribing? _rows;
    private int[] _order = [];
    private long _position;
    private long _factRows;
    private bool _complete;
    private bool _abandoned;

    /// <param name="rows">The month's rows (the arranged month takes ownership).</param>
    /// <param name="practiceKeyOfId">practice_key of each practice id of <paramref name="rows"/>.</param>
    /// <param name="bnfKeyOfId">bnf_key of each BNF id (keys must be in BNF-code order, as the warehouse allocates them).</param>
    /// <param name="levelLengths">The BNF prefix lengths to roll up (e.g. 2, 4, 6).</param>
    public ArrangedMonth(CodedPrescribing rows, int[] practiceKeyOfId, int[] bnfKeyOfId, IReadOnlyList<int> levelLengths)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (practiceKeyOfId.Length != rows.PracticeCodes.Count || bnfKeyOfId.Length != rows.BnfCodes.Count)
            throw new ArgumentException("There must be one key per practice id and per BNF id.");
        _source = rows;
        _sourceRows = rows.Count;
        _practiceKeyOfId = practiceKeyOfId;
        _bnfKeyOfId = bnfKeyOfId;
        var practiceRank = KeyRanks.Of(practiceKeyOfId);
        var bnfRank = _bnfRank = KeyRanks.Of(bnfKeyOfId);
        _rollups = new RollupAccumulator(rows.BnfCodes, bnfRank, practiceKeyOfId, practiceRank, levelLengths);
        if (rows.IsSpilled) _rowsPerBnfRank = SpilledSegments.RowsPerRank(rows, bnfRank, bnfKeyOfId.Length);
        var segments = _rowsPerBnfRank is not null
            ? SpilledSegments.Of(rows, practiceRank, practiceKeyOfId.Length, bnfRank, bnfKeyOfId.Length, _rowsPerBnfRank)
            : [() => new SortedSegment(rows, practiceRank, practiceKeyOfId.Length, bnfRank, bnfKeyOfId.Length)];
        _segments = segments.GetEnumerator();
        NextSegment();
    }

    /// <summary>True when the source rows were spilled to a file and are sorted a BNF range at a time.</summary>
    public bool Segmented { get; private set; }

    /// <summary>Source rows (before summing).</summary>
    public long SourceRows => _sourceRows;

    /// <summary>Fact rows produced so far; after the last <see cref="Fill"/>, the number of distinct (practice, presentation) keys.</summary>
    public long FactRows => _factRows;

    /// <summary>True once <see cref="Fill"/> has produced every fact row.</summary>
    public bool Complete => _complete;

    /// <summary>The month's practice × chapter/section/paragraph sums, ordered by level, prefix and practice key. Complete once
    /// the fact has been read to the end.</summary>
    public IEnumerable<RollupRow> Rollups => Complete ? _rollups.Rows : throw NotComplete();

    /// <summary>The month's sums per practice, ordered by practice key. Complete once the fact has been read to the end.</summary>
    public IReadOnlyList<PracticeTotalRow> PracticeTotals => Complete ? _rollups.PracticeTotals() : throw NotComplete();

    /// <summary>BNF keys that cut the fact, in its order, into at most <paramref name="parts"/> key ranges of about equal rows
    /// (each within one presentation's rows of an equal share), so an engine can write the ranges at once on several
    /// connections: range <c>i</c> holds the keys from cut <c>i-1</c> (or the smallest) up to but excluding cut <c>i</c> (or past
    /// the largest). Strictly increasing; no range is empty. Counting costs one pass over rows in memory (a spilled month's
    /// rows were counted already, to cut them into segments). None once <see cref="Fill"/> has begun: call it first.</summary>
    public IReadOnlyList<int> SplitKeys(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (parts == 1 || _factRows > 0 || _position > 0 || _source is null) return [];
        var rowsPerRank = _rowsPerBnfRank ??= SpilledSegments.RowsPerRank(_source, _bnfRank, _bnfKeyOfId.Length);
        var keyOfRank = new int[_bnfRank.Length];
        for (var id = 0; id < _bnfRank.Length; id++) keyOfRank[_bnfRank[id]] = _bnfKeyOfId[id];
        var cuts = new List<int>();
        long rows = 0;
        for (var rank = 0; rank < rowsPerRank.Length; rank++)
        {
            // Cut before this presentation once the rows so far reach the next range's start (never before the first).
            if (rows > 0 && cuts.Count < parts - 1 && rows >= _sourceRows * (cuts.Count + 1) / parts) cuts.Add(keyOfRank[rank]);
            rows += rowsPerRank[rank];
        }
        return cuts;
    }

    /// <summary>Writes the next fact rows (at most <see cref="FactChunk.Capacity"/>) into <paramref name="chunk"/>, in
    /// (BNF key, practice key) order; returns how many, 0 once every row has been written.</summary>
    /// <exception cref="OverflowException">A key's summed items exceed the fact's 32-bit items column.</exception>
    /// <exception cref="ObjectDisposedException">Disposed before the fact was read to the end.</exception>
    public int Fill(FactChunk chunk)
    {
        ObjectDisposedException.ThrowIf(_abandoned, this);
        var written = 0;
        while (written < chunk.Capacity && !_complete)
        {
            if (_position == _order.Length)
            {
                NextSegment();
                continue;
            }
            var (rows, order) = (_rows!, _order);
            // The rows are gathered out of source order: ask for a row a little ahead so its cache miss overlaps this one's work.
            if (_position + PrefetchDistance < order.Length) Prefetch(in rows[order[_position + PrefetchDistance]]);
            ref readonly var first = ref rows[order[_position++]];
            var (practiceId, bnfId) = (first.PracticeId, first.BnfId);
            long items = first.Items, quantity = first.QuantityMilli, nic = first.NicPence, cost = first.ActualCostE5;
            // Rows of one key are adjacent after the sort (and never split across segments, which cut between BNF codes): sum them.
            while (_position < order.Length)
            {
                ref readonly var next = ref rows[order[_position]];
                if (next.PracticeId != practiceId || next.BnfId != bnfId) break;
                items += next.Items;
                quantity += next.QuantityMilli;
                nic += next.NicPence;
                cost += next.ActualCostE5;
                _position++;
            }
            chunk.PracticeKeys[written] = _practiceKeyOfId[practiceId];
            chunk.BnfKeys[written] = _bnfKeyOfId[bnfId];
            chunk.Items[written] = checked((int)items);
            chunk.QuantityMilli[written] = quantity;
            chunk.NicPence[written] = nic;
            chunk.ActualCostE5[written] = cost;
            _rollups.Add(bnfId, practiceId, items, quantity, nic, cost);
            written++;
        }
        _factRows += written;
        return written;
    }

    /// <summary>Releases the source rows (deleting a spill file); the rollups stay readable.</summary>
    public void Dispose()
    {
        _abandoned |= !_complete;
        _segments?.Dispose();
        _segments = null;
        _source?.Dispose();
        _source = null;
        _rows = null;
        _order = [];
    }

    /// <summary>Moves to the next sorted segment; after the last, completes the rollups and lets the rows go.</summary>
    private void NextSegment()
    {
        _rows = null;
        _order = [];
        _position = 0;
        if (_segments is not null && _segments.MoveNext())
        {
            // A spilled month's segments are each as large as memory allows: collect the previous one (or, before the first,
            // the rows the reader dropped when it began to spill) before building the next, so memory is reused rather than
            // piled up. Nothing refers to the previous segment any more: the enumerator holds only the next one's recipe.
            if (_source is { IsSpilled: true }) GC.Collect();
            var segment = _segments.Current();
            Segmented |= segment.Rows != _source;
            (_rows, _order) = (segment.Rows, segment.Order);
            return;
        }
        _rollups.Finish();
        _complete = true;
        // The source rows and the sort order (most of a load's memory) are not needed any more: let them go before the engine
        // writes the rollups and runs the checks.
        Dispose();
    }

    private const int PrefetchDistance = 12;

    private static unsafe void Prefetch(in CodedRow row)
    {
        // Only a hint: a stale address (the array moved) costs nothing but the hint.
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in row)));
    }

    private static InvalidOperationException NotComplete() => new("Read the whole fact with Fill first: the rollups are summed as it streams.");
}
