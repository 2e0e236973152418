using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Parallel;

/// <summary>A worker thread: parses the blocks it takes with its own <see cref="PrescribingRowParser"/> (the same per-row rules
/// as the sequential reader), so its rows carry its local code ids, and lists the codes each block sees first.</summary>
internal sealed class BlockWorker(BlockPipeline pipeline, int id, PrescribingRowParser parser, string fileName)
{
    private const int BufferChars = 1 << 16;
    private const int CancellationCheckMask = (1 << 16) - 1;
    private int[] _practiceSeen = [];
    private int[] _bnfSeen = [];

    /// <summary>Parses blocks until the reader stops; a failure is kept on its block (the earliest in file order is reported).</summary>
    public void Run()
    {
        var stopping = pipeline.Stopping;
        try
        {
            foreach (var block in pipeline.TakeWork(stopping))
            {
                try
                {
                    // A block after one that failed is never merged: skip the work.
                    if (block.Index <= pipeline.FailedIndex) Parse(block, stopping);
                }
                catch (Exception e)
                {
                    block.Error = e;
                    pipeline.Failed(block.Index);
                }
                finally
                {
                    block.Done.Set();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The reader is stopping.
        }
    }

    private void Parse(ParseBlock block, CancellationToken stopping)
    {
        block.Worker = id;
        parser.BeginBlock();
        var (items, quantity, nic, cost) = (parser.Items, parser.QuantityMilli, parser.NicPence, parser.ActualCostE5);
        var stamp = block.Index + 1;
        var input = block.Tail ?? new MemoryStream(block.Bytes, 0, block.Length, writable: false);
        using var csv = new CsvReader(input, fileName, BufferChars, block.FirstLine, skipByteOrderMark: false, leaveOpen: true);
        block.EnsureRows(block.Tail is null ? block.LineBreaks + 1 : CancellationCheckMask + 1);
        var rows = block.Rows;
        var count = 0;
        try
        {
            while (csv.Read())
            {
                var row = parser.Parse(csv);
                if (count == rows.Length)
                {
                    block.RowCount = count;
                    block.EnsureRows(2 * count);
                    rows = block.Rows;
                }
                rows[count++] = row;
                if (SeenFirst(ref _practiceSeen, row.PracticeId, stamp))
                {
                    block.NewPractices.Add((row.PracticeId, parser.PracticeCodes[row.PracticeId], parser.Practices[row.PracticeId]));
                }
                if (SeenFirst(ref _bnfSeen, row.BnfId, stamp))
                {
                    block.NewBnf.Add((row.BnfId, parser.BnfCodes[row.BnfId], parser.Bnf[row.BnfId]));
                }
                if ((count & CancellationCheckMask) == 0) stopping.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Even when a row fails, the block's first month decides whether an earlier month error wins.
            block.RowCount = count;
            block.FirstMonth = parser.FirstMonth;
            block.Items = parser.Items - items;
            block.QuantityMilli = parser.QuantityMilli - quantity;
            block.NicPence = parser.NicPence - nic;
            block.ActualCostE5 = parser.ActualCostE5 - cost;
        }
    }

    /// <summary>True the first time <paramref name="localId"/> is seen in the block stamped <paramref name="stamp"/>.</summary>
    private static bool SeenFirst(ref int[] seen, int localId, int stamp)
    {
        if ((uint)localId >= (uint)seen.Length) Array.Resize(ref seen, Math.Max(1024, 2 * localId));
        if (seen[localId] == stamp) return false;
        seen[localId] = stamp;
        return true;
    }
}
