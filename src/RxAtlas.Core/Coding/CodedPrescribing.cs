namespace RxAtlas.Core.Coding;

/// <summary>Every row of one month's prescribing file, in source order, with codes as dense ids (first-seen order), held in
/// fixed-size blocks of <see cref="BlockRows"/> rows (every block full but the last).</summary>
/// <remarks>This is what a load arranges into the warehouse's fact (sorted by BNF code, summed to one row per practice and
/// presentation) without a round trip through the database. Build one with <see cref="CodedPrescribingBuilder"/>.</remarks>
public sealed class CodedPrescribing
{
    public const int BlockShift = 16;
    public const int BlockRows = 1 << BlockShift;
    private const int BlockMask = BlockRows - 1;

    internal CodedPrescribing(IReadOnlyList<string> practiceCodes, IReadOnlyList<string> bnfCodes, IReadOnlyList<CodedRow[]> blocks, long count)
    {
        PracticeCodes = practiceCodes;
        BnfCodes = bnfCodes;
        Blocks = blocks;
        Count = count;
    }

    /// <summary>The practice code of each practice id.</summary>
    public IReadOnlyList<string> PracticeCodes { get; }

    /// <summary>The BNF presentation code of each BNF id.</summary>
    public IReadOnlyList<string> BnfCodes { get; }

    /// <summary>The rows, <see cref="BlockRows"/> to a block.</summary>
    public IReadOnlyList<CodedRow[]> Blocks { get; }

    /// <summary>How many rows there are.</summary>
    public long Count { get; }

    /// <summary>The row at <paramref name="index"/> (0-based, source order).</summary>
    public ref readonly CodedRow this[long index] => ref Blocks[(int)(index >> BlockShift)][index & BlockMask];

    /// <summary>The rows of block <paramref name="block"/> that hold data.</summary>
    public ReadOnlySpan<CodedRow> Block(int block) =>
        Blocks[block].AsSpan(0, (int)Math.Min(BlockRows, Count - ((long)block << BlockShift)));

    /// <summary>Codes the rows of a sequential source (how a release without a faster reader is read).</summary>
    /// <param name="rows">The source rows, enumerated once.</param>
    /// <param name="rowsRead">Receives the running row count every <paramref name="progressInterval"/> rows and at the end.</param>
    /// <param name="progressInterval">How often progress is reported and cancellation observed.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static CodedPrescribing FromRows(IEnumerable<PrescribingRow> rows, IProgress<long>? rowsRead = null, int progressInterval = 100_000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new CodedPrescribingBuilder();
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
}
