namespace RxAtlas.Core.Coding;

/// <summary>Every row of one month's prescribing file, in source order, with codes as dense ids (first-seen order), held in
/// fixed-size blocks of <see cref="BlockRows"/> rows (every block full but the last) — in memory, or, beyond
/// <see cref="RowsInMemory"/> rows, in a temporary file (<see cref="IsSpilled"/>) so memory stays bounded whatever the file size.</summary>
/// <remarks>This is what a load arranges into the warehouse's fact (sorted by BNF code, summed to one row per practice and
/// presentation) without a round trip through the database. Build one with <see cref="CodedPrescribingBuilder"/>; dispose it
/// to delete a spill file at once.</remarks>
public sealed class CodedPrescribing : IDisposable
{
    public const int BlockShift = 16;
    public const int BlockRows = 1 << BlockShift;
    private const int BlockMask = BlockRows - 1;

    /// <summary>The default <see cref="RowsInMemory"/>: 10 million rows, ~400 MB — more than a full PDPI month.</summary>
    public const long DefaultRowsInMemory = 10_000_000;

    private readonly IReadOnlyList<CodedRow[]> _blocks;
    private readonly RowSpill? _spill;

    internal CodedPrescribing(IReadOnlyList<string> practiceCodes, IReadOnlyList<string> bnfCodes, IReadOnlyList<CodedRow[]> blocks, RowSpill? spill,
        long count, long rowsInMemory)
    {
        PracticeCodes = practiceCodes;
        BnfCodes = bnfCodes;
        _blocks = blocks;
        _spill = spill;
        Count = count;
        RowsInMemory = rowsInMemory;
    }

    /// <summary>How many rows may be held in memory: beyond it the rows were spilled, and a consumer should hold no more at once.</summary>
    public long RowsInMemory { get; }

    /// <summary>True when the rows are in a temporary file: read them with <see cref="Scan"/> (the indexer and
    /// <see cref="Blocks"/> serve rows in memory only).</summary>
    public bool IsSpilled => _spill is not null;

    /// <summary>The spill file (for tests).</summary>
    internal string? SpillPath => _spill?.Path;

    /// <summary>The practice code of each practice id.</summary>
    public IReadOnlyList<string> PracticeCodes { get; }

    /// <summary>The BNF presentation code of each BNF id.</summary>
    public IReadOnlyList<string> BnfCodes { get; }

    /// <summary>The rows, <see cref="BlockRows"/> to a block (in memory only).</summary>
    /// <exception cref="InvalidOperationException">The rows were spilled.</exception>
    public IReadOnlyList<CodedRow[]> Blocks => _spill is null ? _blocks : throw Spilled();

    /// <summary>How many rows there are.</summary>
    public long Count { get; }

    /// <summary>The row at <paramref name="index"/> (0-based, source order).</summary>
    public ref readonly CodedRow this[long index] => ref Blocks[(int)(index >> BlockShift)][index & BlockMask];

    /// <summary>Every row in source order, a block at a time (from memory, or read back from the spill file into one reused
    /// buffer: each block is valid until the next is requested).</summary>
    public IEnumerable<ReadOnlyMemory<CodedRow>> Scan()
    {
        if (_spill is not null)
        {
            foreach (var block in _spill.Scan(Count)) yield return block;
            yield break;
        }
        for (var b = 0; b < _blocks.Count; b++) yield return _blocks[b].AsMemory(0, (int)Math.Min(BlockRows, Count - ((long)b << BlockShift)));
    }

    /// <summary>Deletes the spill file, if any.</summary>
    public void Dispose() => _spill?.Dispose();

    /// <summary>The rows of block <paramref name="block"/> that hold data.</summary>
    public ReadOnlySpan<CodedRow> Block(int block) =>
        Blocks[block].AsSpan(0, (int)Math.Min(BlockRows, Count - ((long)block << BlockShift)));

    /// <summary>Codes the rows of a sequential source (how a release without a faster reader is read).</summary>
    /// <param name="rows">The source rows, enumerated once.</param>
    /// <param name="rowsRead">Receives the running row count every <paramref name="progressInterval"/> rows and at the end.</param>
    /// <param name="progressInterval">How often progress is reported and cancellation observed.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="rowsInMemory">Rows held in memory before the rest spill to a temporary file.</param>
    public static CodedPrescribing FromRows(IEnumerable<PrescribingRow> rows, IProgress<long>? rowsRead = null, int progressInterval = 100_000,
        CancellationToken cancellationToken = default, long rowsInMemory = DefaultRowsInMemory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var builder = new CodedPrescribingBuilder(rowsInMemory);
        long n = 0;
        foreach (var row in rows)
        {
            builder.Add(new CodedRow(builder.Practices.IdOf(row.PracticeCode), builder.Bnf.IdOf(row.BnfCode), row.Items, row.QuantityMilli,
                row.NicPence, row.ActualCostE5));
            if (++n % progressInterval != 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            rowsRead?.Report(n);
        }
        rowsRead?.Report(n);
        return builder.Build();
    }

    private static InvalidOperationException Spilled() => new("The rows were spilled to a file: read them with Scan().");
}
