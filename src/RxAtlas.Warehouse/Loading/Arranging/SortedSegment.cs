using RxAtlas.Core.Coding;

namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>Rows in memory with the order that sorts them by (BNF rank, practice rank): two stable counting sorts over a
/// 4-byte row index, the first skipped when the rows are already in practice order (as PDPI files are). Rows of one key
/// keep their source order, adjacent.</summary>
internal sealed class SortedSegment
{
    public SortedSegment(CodedPrescribing rows, int[] practiceRank, int practiceRanks, int[] bnfRank, int bnfRanks)
    {
        if (rows.Count > Array.MaxLength) throw new NotSupportedException($"{rows.Count:N0} rows are more than one segment can sort.");
        Rows = rows;
        int[]? byPractice = null;
        if (!InPracticeOrder(rows, practiceRank))
        {
            byPractice = new int[rows.Count];
            CountingSort(rows, null, practiceRank, practiceRanks, byPracticeId: true, byPractice);
        }
        Order = new int[rows.Count];
        CountingSort(rows, byPractice, bnfRank, bnfRanks, byPracticeId: false, Order);
    }

    public CodedPrescribing Rows { get; }

    /// <summary>Row indexes in sorted order.</summary>
    public int[] Order { get; }

    private static bool InPracticeOrder(CodedPrescribing rows, int[] practiceRank)
    {
        var previous = -1;
        for (var b = 0; b < rows.Blocks.Count; b++)
        {
            foreach (ref readonly var row in rows.Block(b))
            {
                var rank = practiceRank[row.PracticeId];
                if (rank < previous) return false;
                previous = rank;
            }
        }
        return true;
    }

    /// <summary>Stable counting sort of row indexes (<paramref name="input"/>, or 0..n-1 when null) by the rank of each row's
    /// practice or BNF id, on every core: each part (a contiguous run of the input) counts its ranks, the counts give each
    /// part its own start for every rank (earlier parts first, so the sort stays stable), and the parts scatter at once.</summary>
    private static void CountingSort(CodedPrescribing rows, int[]? input, int[] rank, int ranks, bool byPracticeId, int[] output)
    {
        var n = output.Length;
        var parts = n < ParallelFrom ? 1 : Math.Min(Environment.ProcessorCount, (n + CodedPrescribing.BlockRows - 1) / CodedPrescribing.BlockRows);
        // Part p sorts input positions [bounds[p], bounds[p + 1]), cut at whole blocks.
        var bounds = new int[parts + 1];
        for (var p = 1; p < parts; p++) bounds[p] = (int)((long)n * p / parts) & ~(CodedPrescribing.BlockRows - 1);
        bounds[parts] = n;
        var starts = new int[parts][];
        System.Threading.Tasks.Parallel.For(0, parts, p =>
        {
            var counts = starts[p] = new int[ranks];
            for (var k = bounds[p]; k < bounds[p + 1]; k++) counts[rank[Id(rows, input, k, byPracticeId)]]++;
        });
        var next = 0;
        for (var r = 0; r < ranks; r++)
        {
            for (var p = 0; p < parts; p++)
            {
                var count = starts[p][r];
                starts[p][r] = next;
                next += count;
            }
        }
        System.Threading.Tasks.Parallel.For(0, parts, p =>
        {
            var start = starts[p];
            for (var k = bounds[p]; k < bounds[p + 1]; k++)
            {
                var i = input is null ? k : input[k];
                output[start[rank[Id(rows, input, k, byPracticeId)]]++] = i;
            }
        });
    }

    /// <summary>Segments smaller than this are sorted on one thread.</summary>
    private const int ParallelFrom = 1 << 20;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Id(CodedPrescribing rows, int[]? input, int k, bool byPracticeId)
    {
        ref readonly var row = ref rows[input is null ? k : input[k]];
        return byPracticeId ? row.PracticeId : row.BnfId;
    }
}
