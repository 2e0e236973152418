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
    /// practice or BNF id.</summary>
    private static void CountingSort(CodedPrescribing rows, int[]? input, int[] rank, int ranks, bool byPracticeId, int[] output)
    {
        var start = new int[ranks + 1];
        for (var b = 0; b < rows.Blocks.Count; b++)
        {
            foreach (ref readonly var row in rows.Block(b)) start[rank[byPracticeId ? row.PracticeId : row.BnfId] + 1]++;
        }
        for (var r = 1; r <= ranks; r++) start[r] += start[r - 1];
        if (input is null)
        {
            var i = 0;
            for (var b = 0; b < rows.Blocks.Count; b++)
            {
                foreach (ref readonly var row in rows.Block(b)) output[start[rank[byPracticeId ? row.PracticeId : row.BnfId]]++] = i++;
            }
        }
        else
        {
            foreach (var i in input) output[start[rank[byPracticeId ? rows[i].PracticeId : rows[i].BnfId]]++] = i;
        }
    }
}
