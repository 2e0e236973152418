using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Parallel;

/// <summary>
/// Reads a whole PDPI or EPD prescribing file (any layout <see cref="PrescribingReader"/> reads, plain, gzip or zip) into a
/// <see cref="CodedPrescribing"/> on several threads, with exactly the sequential reader's results and errors.
/// </summary>
/// <remarks>
/// One thread reads and decompresses the file and cuts it into blocks of whole records; worker threads parse blocks with the
/// same per-row rules as <see cref="PrescribingReader"/>; the calling thread merges the blocks in file order. So codes get ids in
/// first-seen file order, practice and BNF records come from each code's first row, and when the input is bad the error is
/// the one the sequential reader gives (the earliest in the file), whichever thread met it first. Memory is a few blocks plus
/// the rows read. After <see cref="Read"/> returns, <see cref="Month"/>, <see cref="Totals"/>, <see cref="Practices"/> and
/// <see cref="Bnf"/> are complete, as after enumerating <see cref="PrescribingReader.Read"/>.
/// </remarks>
public sealed class ParallelPrescribingReader
{
    /// <summary>The default size of the blocks the file is cut into.</summary>
    public const int DefaultBlockBytes = 1 << 21;

    private readonly SourceFile _file;
    private readonly YearMonth? _expectedMonth;
    private readonly int _workers;
    private readonly int _blockBytes;
    private BlockMerger? _result;

    /// <param name="file">The prescribing file.</param>
    /// <param name="expectedMonth">When given (e.g. from the file name), rows of any other month are an error.</param>
    /// <param name="workers">Parsing threads; 0 means <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="blockBytes">The size of the blocks the file is cut into (small values are for tests).</param>
    public ParallelPrescribingReader(SourceFile file, YearMonth? expectedMonth = null, int workers = 0, int blockBytes = DefaultBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 16);
        _file = file;
        _expectedMonth = expectedMonth;
        _workers = workers == 0 ? Environment.ProcessorCount : workers;
        _blockBytes = blockBytes;
        MaxBlockBytes = Math.Max(blockBytes, 2 * CsvReader.MaxRecordChars);
    }

    /// <summary>Rows held in memory before the rest spill to a temporary file (see <see cref="CodedPrescribing"/>).</summary>
    public long RowsInMemory { get; init; } = CodedPrescribing.DefaultRowsInMemory;

    /// <summary>Opens a path (<c>.csv</c>, <c>.csv.gz</c>, <c>.zip</c> or <c>archive.zip!entry.csv</c>).</summary>
    public static ParallelPrescribingReader Open(string path) => new(SourceFile.Open(path));

    public SourceFile File => _file;

    /// <summary>How large a block may grow to hold one record before the rest of the file is read as one block.</summary>
    internal int MaxBlockBytes { get; init; }

    /// <summary>How many blocks the last read merged (for tests).</summary>
    internal int Blocks { get; private set; }

    /// <summary>The block from which the last read took the rest of the file as one block, or -1 (for tests).</summary>
    internal int RestAsOneBlockFrom { get; private set; } = -1;

    /// <summary>Rows the byte-level fast path coded (<see cref="ByteRowParser"/>); the rest took the general path.</summary>
    internal long FastRows { get; private set; }

    /// <summary>The layout found in the header; known once reading has started.</summary>
    public PrescribingLayout? Layout { get; private set; }

    /// <summary>The month of the rows.</summary>
    public YearMonth Month => _result?.Month ?? _expectedMonth ?? throw NotRead();

    /// <summary>Exact totals of every row read.</summary>
    public SourceTotals Totals => Completed().Totals;

    /// <summary>Every practice seen, in first-seen order (EPD: with name, address, postcode and hierarchy; PDPI: the code only).</summary>
    public IReadOnlyCollection<PracticeRecord> Practices => Completed().Practices;

    /// <summary>Every presentation seen with its name (EPD: and its chemical's code and name), in first-seen order.</summary>
    public IReadOnlyCollection<BnfRecord> Bnf => Completed().Bnf;

    /// <summary>Reads every row. Each call re-reads the file from the start.</summary>
    /// <param name="rowsRead">Receives the running row count as blocks are merged.</param>
    /// <param name="cancellationToken">Stops the read (every thread stops before this returns).</param>
    /// <exception cref="DataFormatException">Malformed input, naming the file, line and field.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public CodedPrescribing Read(IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        _result = null;
        Layout = null;
        Blocks = 0;
        RestAsOneBlockFrom = -1;
        FastRows = 0;
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = _file.OpenStream();
        PrescribingColumns columns;
        byte[] unread;
        long nextLine;
        using (var csv = new CsvReader(stream, _file.DisplayName, 1 << 16, firstLine: 1, skipByteOrderMark: true, leaveOpen: true))
        {
            columns = PrescribingColumns.ReadHeader(csv, _file);
            unread = csv.TakeUnread(out nextLine);
        }
        Layout = columns.Layout;
        using var merger = new BlockMerger(_file.DisplayName, columns.Name(columns.Month), _expectedMonth, _workers, RowsInMemory);
        using (var pipeline = new BlockPipeline(stream, unread, nextLine, () => new PrescribingRowParser(columns, _expectedMonth),
                   _file.DisplayName, _workers, _blockBytes, MaxBlockBytes, cancellationToken))
        {
            while (pipeline.Next() is { } block)
            {
                merger.Add(block);
                if (block.Tail is not null) RestAsOneBlockFrom = block.Index;
                pipeline.Release(block);
                Blocks++;
                FastRows += block.FastRows;
                rowsRead?.Report(merger.Rows);
            }
        }
        var coded = merger.Build();
        _result = merger;
        return coded;
    }

    private BlockMerger Completed() => _result ?? throw NotRead();

    private static InvalidOperationException NotRead() =>
        new("Call Read() first: the month, totals, practices and BNF names are known only after the whole file is read.");
}
