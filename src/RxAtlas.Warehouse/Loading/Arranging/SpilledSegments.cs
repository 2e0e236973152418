using RxAtlas.Core.Coding;

namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>Sorts spilled rows a slice at a time: the BNF ranks are cut into consecutive ranges of at most half
/// <see cref="CodedPrescribing.RowsInMemory"/> rows (one scan of the spill file counts them), and each range is read back
/// into memory (one more scan each) and sorted as a <see cref="SortedSegment"/>. The ranges follow BNF order, so the
/// segments, one after another, are the whole month in fact order — with only one segment in memory at a time, leaving room
/// for the rollups and the engine's own memory beside it. Each segment comes as a recipe, built when called: an enumerator
/// of built segments would keep the previous one reachable (as its current item) while the next is read.</summary>
internal static class SpilledSegments
{
    /// <param name="rowsPerRank">The rows of each BNF rank (<see cref="RowsPerRank"/>).</param>
    public static IEnumerable<Func<SortedSegment>> Of(CodedPrescribing spilled, int[] practiceRank, int practiceRanks, int[] bnfRank, int bnfRanks,
        long[] rowsPerRank) =>
        Ranges(rowsPerRank, Math.Max(1, spilled.RowsInMemory / 2))
            .Select(range => (Func<SortedSegment>)(() => Read(spilled, range.From, range.To, practiceRank, practiceRanks, bnfRank, bnfRanks)));

    /// <summary>Reads the rows of BNF ranks <paramref name="from"/>–<paramref name="to"/> back into memory and sorts them.</summary>
    private static SortedSegment Read(CodedPrescribing spilled, int from, int to, int[] practiceRank, int practiceRanks, int[] bnfRank, int bnfRanks)
    {
        using var builder = new CodedPrescribingBuilder(rowsInMemory: long.MaxValue);
        foreach (var block in spilled.Scan())
        {
            foreach (ref readonly var row in block.Span)
            {
                var rank = bnfRank[row.BnfId];
                if (rank >= from && rank <= to) builder.Add(row);
            }
        }
        return new SortedSegment(builder.Build(), practiceRank, practiceRanks, bnfRank, bnfRanks);
    }

    /// <summary>How many rows each BNF rank has: one pass over the rows (a scan of the spill file, for spilled rows).</summary>
    public static long[] RowsPerRank(CodedPrescribing rows, int[] bnfRank, int bnfRanks)
    {
        var rowsPerRank = new long[bnfRanks];
        foreach (var block in rows.Scan())
        {
            foreach (ref readonly var row in block.Span) rowsPerRank[bnfRank[row.BnfId]]++;
        }
        return rowsPerRank;
    }

    /// <summary>Consecutive rank ranges (inclusive) of at most <paramref name="budget"/> rows each (a single rank over budget
    /// gets a range of its own).</summary>
    internal static IEnumerable<(int From, int To)> Ranges(long[] rowsPerRank, long budget)
    {
        var from = 0;
        long rows = 0;
        for (var rank = 0; rank < rowsPerRank.Length; rank++)
        {
            if (rows > 0 && rows + rowsPerRank[rank] > budget)
            {
                yield return (from, rank - 1);
                (from, rows) = (rank, 0);
            }
            rows += rowsPerRank[rank];
        }
        if (rows > 0) yield return (from, rowsPerRank.Length - 1);
    }
}
