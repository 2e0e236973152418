using System.Buffers;
using RxAtlas.Core;
using RxAtlas.Core.Coding;

namespace RxAtlas.Sources.Parallel;

/// <summary>One block of a prescribing file on its way through the parallel reader: the raw bytes the splitter cut (whole
/// records), then what a worker parsed from them. Blocks are reused: a reader holds a fixed ring of them.</summary>
internal sealed class ParseBlock : IDisposable
{
    private byte[] _bytes = [];
    private CodedRow[] _rows = [];

    /// <summary>The block's position in the file (0 = the records right after the header).</summary>
    public int Index { get; private set; }

    /// <summary>The physical line on which the block starts.</summary>
    public long FirstLine { get; private set; }

    /// <summary>The raw bytes; <see cref="Length"/> of them are the block.</summary>
    public byte[] Bytes => _bytes;

    public int Length { get; set; }

    /// <summary>Line breaks in the block (an upper bound on its records, less one).</summary>
    public int LineBreaks { get; set; }

    /// <summary>When set, the block is the whole rest of the file, read from this stream (a record too long to cut around).</summary>
    public Stream? Tail { get; set; }

    /// <summary>True for the marker after the last block (or for a failure to read the file, with <see cref="Error"/>).</summary>
    public bool IsEnd { get; set; }

    /// <summary>Why the block could not be read or parsed; the rows before the failing one are still in the block.</summary>
    public Exception? Error { get; set; }

    /// <summary>Which worker parsed the block: its rows' ids are that worker's local ids.</summary>
    public int Worker { get; set; }

    /// <summary>The rows parsed, <see cref="RowCount"/> of them.</summary>
    public CodedRow[] Rows => _rows;

    public int RowCount { get; set; }

    /// <summary>How many of the rows the byte-level fast path coded.</summary>
    public int FastRows { get; set; }

    /// <summary>Practices whose first row in this block is in it, in first-seen order (local id, code, record).</summary>
    public List<(int Id, string Code, PracticeRecord Record)> NewPractices { get; } = [];

    /// <summary>Presentations whose first row in this block is in it, in first-seen order (local id, code, record).</summary>
    public List<(int Id, string Code, BnfRecord Record)> NewBnf { get; } = [];

    public long Items { get; set; }

    public long QuantityMilli { get; set; }

    public long NicPence { get; set; }

    public long ActualCostE5 { get; set; }

    /// <summary>The month of the block's first row, with its line.</summary>
    public (YearMonth Month, long Line)? FirstMonth { get; set; }

    /// <summary>Set once the block is ready for merging (parsed, failed, or the end marker).</summary>
    public ManualResetEventSlim Done { get; } = new(false);

    /// <summary>Clears the block for reuse as block <paramref name="index"/> starting on <paramref name="firstLine"/>.</summary>
    public void Reset(int index, long firstLine)
    {
        Index = index;
        FirstLine = firstLine;
        Length = 0;
        LineBreaks = 0;
        Tail = null;
        IsEnd = false;
        Error = null;
        Worker = -1;
        RowCount = 0;
        FastRows = 0;
        NewPractices.Clear();
        NewBnf.Clear();
        Items = QuantityMilli = NicPence = ActualCostE5 = 0;
        FirstMonth = null;
        Done.Reset();
    }

    /// <summary>Makes <see cref="Bytes"/> hold at least <paramref name="capacity"/> bytes, keeping the first <see cref="Length"/>.</summary>
    public void EnsureBytes(int capacity)
    {
        if (_bytes.Length >= capacity) return;
        var bigger = ArrayPool<byte>.Shared.Rent(capacity);
        _bytes.AsSpan(0, Length).CopyTo(bigger);
        ReturnBytes();
        _bytes = bigger;
    }

    /// <summary>Makes <see cref="Rows"/> hold at least <paramref name="capacity"/> rows, keeping the first <see cref="RowCount"/>.</summary>
    public void EnsureRows(int capacity)
    {
        if (_rows.Length >= capacity) return;
        var bigger = ArrayPool<CodedRow>.Shared.Rent(capacity);
        _rows.AsSpan(0, RowCount).CopyTo(bigger);
        ReturnRows();
        _rows = bigger;
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        ReturnBytes();
        ReturnRows();
        Done.Dispose();
    }

    private void ReturnBytes()
    {
        if (_bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    private void ReturnRows()
    {
        if (_rows.Length > 0) ArrayPool<CodedRow>.Shared.Return(_rows);
        _rows = [];
    }
}
