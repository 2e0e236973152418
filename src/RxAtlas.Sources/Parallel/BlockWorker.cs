using RxAtlas.Core.Coding;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Parallel;

/// <summary>A worker thread: parses the blocks it takes with its own <see cref="PrescribingRowParser"/> (the same per-row rules
/// as the sequential reader), so its rows carry its local code ids, and lists the codes each block sees first.</summary>
/// <remarks>A block in memory is read line by line by the <see cref="ByteRowParser"/> fast path; each record that is not its
/// common case goes through a <see cref="CsvReader"/> and the general rules, which learn its codes for the fast path. A
/// block where that happens often (quoted fields throughout, say) is finished by the general path alone.</remarks>
internal sealed class BlockWorker
{
    private const int BufferChars = 1 << 16;
    private const int OneRecordChars = 1 << 10;
    private const int CancellationCheckMask = (1 << 16) - 1;
    private readonly BlockPipeline _pipeline;
    private readonly int _id;
    private readonly PrescribingRowParser _parser;
    private readonly ByteRowParser _fast;
    private readonly string _fileName;
    private int[] _practiceSeen = [];
    private int[] _bnfSeen = [];

    public BlockWorker(BlockPipeline pipeline, int id, PrescribingRowParser parser, string fileName)
    {
        (_pipeline, _id, _parser, _fileName) = (pipeline, id, parser, fileName);
        _fast = new ByteRowParser(parser);
    }

    /// <summary>Parses blocks until the reader stops; a failure is kept on its block (the earliest in file order is reported).</summary>
    public void Run()
    {
        var stopping = _pipeline.Stopping;
        try
        {
            foreach (var block in _pipeline.TakeWork(stopping))
            {
                try
                {
                    // A block after one that failed is never merged: skip the work.
                    if (block.Index <= _pipeline.FailedIndex) Parse(block, stopping);
                }
                catch (Exception e)
                {
                    block.Error = e;
                    _pipeline.Failed(block.Index);
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
        block.Worker = _id;
        _parser.BeginBlock();
        _fast.BeginBlock();
        var (items, quantity, nic, cost) = (_parser.Items, _parser.QuantityMilli, _parser.NicPence, _parser.ActualCostE5);
        block.EnsureRows(block.Tail is null ? block.LineBreaks + 1 : CancellationCheckMask + 1);
        try
        {
            if (block.Tail is null) ParseBytes(block, stopping);
            else ParseRecords(block, block.Tail, block.FirstLine, stopping, int.MaxValue);
        }
        finally
        {
            // Even when a row fails, the block's first month decides whether an earlier month error wins.
            block.FirstMonth = _parser.FirstMonth;
            block.Items = _parser.Items - items;
            block.QuantityMilli = _parser.QuantityMilli - quantity;
            block.NicPence = _parser.NicPence - nic;
            block.ActualCostE5 = _parser.ActualCostE5 - cost;
        }
    }

    /// <summary>The fast path, line by line, with the general path for each record it declines.</summary>
    private void ParseBytes(ParseBlock block, CancellationToken stopping)
    {
        var bytes = block.Bytes;
        var length = block.Length;
        var position = 0;
        var line = block.FirstLine;
        var declined = 0;
        while (position < length)
        {
            if (_fast.TryParse(bytes.AsSpan(position), length - position, out var row, out var consumed))
            {
                Add(block, row, stopping);
                block.FastRows++;
                position += consumed;
                line++;
                continue;
            }
            // Mostly a code's first row in this worker. When rows keep being declined for other reasons (say, every month
            // field quoted), the general path alone is cheaper.
            var many = declined > 64 && declined > block.RowCount / 2;
            using var input = new MemoryStream(bytes, position, length - position, writable: false);
            var (taken, next, learnt) = ParseRecords(block, input, line, stopping, many ? int.MaxValue : 1);
            position += (int)taken;
            line = next;
            if (many) return;
            if (!learnt) declined++;
        }
    }

    /// <summary>The general path: up to <paramref name="limit"/> records from <paramref name="input"/>, which starts on physical
    /// line <paramref name="firstLine"/>. Returns the bytes those records (and blank lines around them) took, the line after
    /// them, and whether the fast path learnt anything from them.</summary>
    private (long Consumed, long NextLine, bool Learnt) ParseRecords(ParseBlock block, Stream input, long firstLine, CancellationToken stopping, int limit)
    {
        using var csv = new CsvReader(input, _fileName, limit == 1 ? OneRecordChars : BufferChars, firstLine, skipByteOrderMark: false, leaveOpen: true)
        {
            FieldNames = _parser.FieldNames,
        };
        var learnt = false;
        for (var n = 0; n < limit && csv.Read(); n++)
        {
            Add(block, _parser.Parse(csv), stopping);
            learnt |= _fast.Learn();
        }
        return (csv.Consumed, csv.NextLine, learnt);
    }

    private void Add(ParseBlock block, in CodedRow row, CancellationToken stopping)
    {
        var count = block.RowCount;
        if (count == block.Rows.Length) block.EnsureRows(2 * count);
        block.Rows[count] = row;
        block.RowCount = count + 1;
        var stamp = block.Index + 1;
        if (SeenFirst(ref _practiceSeen, row.PracticeId, stamp))
        {
            block.NewPractices.Add((row.PracticeId, _parser.PracticeCodes[row.PracticeId], _parser.Practices[row.PracticeId]));
        }
        if (SeenFirst(ref _bnfSeen, row.BnfId, stamp))
        {
            block.NewBnf.Add((row.BnfId, _parser.BnfCodes[row.BnfId], _parser.Bnf[row.BnfId]));
        }
        if ((block.RowCount & CancellationCheckMask) == 0) stopping.ThrowIfCancellationRequested();
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
