using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using RxAtlas.Core.Coding;

namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>One month's rows arranged into the warehouse's fact in memory: sorted by BNF key then practice key, rows sharing a
/// (practice, presentation) summed (EPD's per-pack rows), codes replaced by warehouse keys — and, in the same pass, the
/// month's rollups. Engines stream the fact out with <see cref="Fill"/> straight into their bulk writers.</summary>
/// <remarks>
/// The sort is two stable counting sorts over an index permutation (practice rank, then BNF rank), 4 bytes a row; the first
/// is skipped when the source is already in practice order, as PDPI files are. Rows are read from the
/// <see cref="CodedPrescribing"/> in place: nothing row-sized is copied. Rollups are summed per practice while the fact
/// streams out: every BNF level's rows are contiguous in BNF order, so each level needs only one accumulator per practice.
/// </remarks>
public sealed class ArrangedMonth
{
    private CodedPrescribing _rows;
    private readonly int[] _practiceKeyOfId, _bnfKeyOfId;
    private readonly int[] _practiceRank, _bnfRank;
    private int[] _order;
    private readonly long _sourceRows;
    private bool _complete;
    private readonly RollupAccumulator _rollups;
    private long _position;
    private long _factRows;

    /// <param name="rows">The month's rows.</param>
    /// <param name="practiceKeyOfId">practice_key of each practice id of <paramref name="rows"/>.</param>
    /// <param name="bnfKeyOfId">bnf_key of each BNF id (keys must be in BNF-code order, as the warehouse allocates them).</param>
    /// <param name="levelLengths">The BNF prefix lengths to roll up (e.g. 2, 4, 6).</param>
    public ArrangedMonth(CodedPrescribing rows, int[] practiceKeyOfId, int[] bnfKeyOfId, IReadOnlyList<int> levelLengths)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (practiceKeyOfId.Length != rows.PracticeCodes.Count || bnfKeyOfId.Length != rows.BnfCodes.Count)
            throw new ArgumentException("There must be one key per practice id and per BNF id.");
        if (rows.Count > Array.MaxLength) throw new NotSupportedException($"A month of {rows.Count:N0} rows is more than one load can arrange.");
        _rows = rows;
        _practiceKeyOfId = practiceKeyOfId;
        _bnfKeyOfId = bnfKeyOfId;
        _practiceRank = KeyRanks.Of(practiceKeyOfId);
        _bnfRank = KeyRanks.Of(bnfKeyOfId);
        _order = Sort();
        _sourceRows = rows.Count;
        _rollups = new RollupAccumulator(rows.BnfCodes, _bnfRank, practiceKeyOfId, _practiceRank, levelLengths);
    }

    /// <summary>Source rows (before summing).</summary>
    public long SourceRows => _sourceRows;

    /// <summary>Fact rows produced so far; after the last <see cref="Fill"/>, the number of distinct (practice, presentation) keys.</summary>
    public long FactRows => _factRows;

    /// <summary>True once <see cref="Fill"/> has produced every fact row.</summary>
    public bool Complete => _complete;

    /// <summary>The month's practice × chapter/section/paragraph sums, ordered by level, prefix and practice key. Complete once
    /// the fact has been read to the end.</summary>
    public IEnumerable<RollupRow> Rollups => Complete ? _rollups.Rows : throw NotComplete();

    /// <summary>How many rows <see cref="Rollups"/> has.</summary>
    public int RollupCount => Complete ? _rollups.RowCount : throw NotComplete();

    /// <summary>The month's sums per practice, ordered by practice key. Complete once the fact has been read to the end.</summary>
    public IReadOnlyList<PracticeTotalRow> PracticeTotals => Complete ? _rollups.PracticeTotals() : throw NotComplete();

    /// <summary>Writes the next fact rows (at most <see cref="FactChunk.Capacity"/>) into <paramref name="chunk"/>, in
    /// (BNF key, practice key) order; returns how many, 0 once every row has been written.</summary>
    /// <exception cref="OverflowException">A key's summed items exceed the fact's 32-bit items column.</exception>
    public int Fill(FactChunk chunk)
    {
        var order = _order;
        var written = 0;
        while (written < chunk.Capacity && _position < order.Length)
        {
            // The rows are gathered out of source order: ask for a row a little ahead so its cache miss overlaps this one's work.
            if (_position + PrefetchDistance < order.Length) Prefetch(in _rows[order[_position + PrefetchDistance]]);
            ref readonly var first = ref _rows[order[_position++]];
            var (practiceId, bnfId) = (first.PracticeId, first.BnfId);
            long items = first.Items, quantity = first.QuantityMilli, nic = first.NicPence, cost = first.ActualCostE5;
            // Rows of one key are adjacent after the sort: sum them.
            while (_position < order.Length)
            {
                ref readonly var next = ref _rows[order[_position]];
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
        if (_position == order.Length && !_complete)
        {
            _rollups.Finish();
            // The source rows and the sort order (most of a load's memory) are not needed any more: let them go before the
            // engine writes the rollups and runs the checks.
            _complete = true;
            _rows = null!;
            _order = [];
            _position = 0;
        }
        return written;
    }

    private const int PrefetchDistance = 12;

    private static unsafe void Prefetch(in CodedRow row)
    {
        // Only a hint: a stale address (the array moved) costs nothing but the hint.
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in row)));
    }

    /// <summary>Row indexes in (BNF rank, practice rank) order; rows of equal key keep their source order.</summary>
    private int[] Sort()
    {
        var n = (int)_rows.Count;
        int[]? byPractice = null;
        if (!InPracticeOrder())
        {
            byPractice = new int[n];
            CountingSort(null, _practiceRank, _rows.PracticeCodes.Count, byPracticeId: true, byPractice);
        }
        var byBnf = new int[n];
        CountingSort(byPractice, _bnfRank, _rows.BnfCodes.Count, byPracticeId: false, byBnf);
        return byBnf;
    }

    private bool InPracticeOrder()
    {
        var previous = -1;
        for (var b = 0; b < _rows.Blocks.Count; b++)
        {
            foreach (ref readonly var row in _rows.Block(b))
            {
                var rank = _practiceRank[row.PracticeId];
                if (rank < previous) return false;
                previous = rank;
            }
        }
        return true;
    }

    /// <summary>Stable counting sort of row indexes (<paramref name="input"/>, or 0..n-1 when null) by the rank of each row's
    /// practice or BNF id.</summary>
    private void CountingSort(int[]? input, int[] rank, int ranks, bool byPracticeId, int[] output)
    {
        var start = new int[ranks + 1];
        for (var b = 0; b < _rows.Blocks.Count; b++)
        {
            foreach (ref readonly var row in _rows.Block(b)) start[rank[byPracticeId ? row.PracticeId : row.BnfId] + 1]++;
        }
        for (var r = 1; r <= ranks; r++) start[r] += start[r - 1];
        if (input is null)
        {
            var i = 0;
            for (var b = 0; b < _rows.Blocks.Count; b++)
            {
                foreach (ref readonly var row in _rows.Block(b)) output[start[rank[byPracticeId ? row.PracticeId : row.BnfId]]++] = i++;
            }
        }
        else
        {
            foreach (var i in input) output[start[rank[byPracticeId ? _rows[i].PracticeId : _rows[i].BnfId]]++] = i;
        }
    }

    private static InvalidOperationException NotComplete() => new("Read the whole fact with Fill first: the rollups are summed as it streams.");
}
