using System.Collections.Concurrent;

namespace RxAtlas.Sources.Parallel;

/// <summary>The threads of one parallel read: a <see cref="BlockSplitter"/> and several <see cref="BlockWorker"/>s passing a
/// fixed ring of <see cref="ParseBlock"/>s, handed to the caller in file order by <see cref="Next"/>.</summary>
/// <remarks>Memory is bounded by the ring: the splitter takes a free block before reading, the caller frees it
/// (<see cref="Release"/>) after merging. Disposing stops every thread and waits for it, then returns the buffers.</remarks>
internal sealed class BlockPipeline : IDisposable
{
    private readonly ParseBlock[] _ring;
    private readonly SemaphoreSlim _free;
    private readonly BlockingCollection<ParseBlock> _work = new(new ConcurrentQueue<ParseBlock>());
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _caller;
    private readonly List<Task> _threads = [];
    private int _failedIndex = int.MaxValue;
    private int _next;

    /// <param name="stream">The file's bytes after the header; read only by the splitter; not disposed here.</param>
    /// <param name="unread">Bytes after the header already read from <paramref name="stream"/>.</param>
    /// <param name="firstLine">The line on which <paramref name="unread"/> starts.</param>
    /// <param name="newParser">Makes each worker's parser.</param>
    /// <param name="fileName">The file's display name, for messages.</param>
    /// <param name="workers">Worker threads.</param>
    /// <param name="blockBytes">The size of a block.</param>
    /// <param name="maxBlockBytes">The largest a block grows to hold one record before the rest of the file is read as one.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public BlockPipeline(Stream stream, byte[] unread, long firstLine, Func<PrescribingRowParser> newParser, string fileName, int workers,
        int blockBytes, int maxBlockBytes, CancellationToken cancellationToken)
    {
        _caller = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ring = new ParseBlock[2 * workers + 2];
        for (var i = 0; i < _ring.Length; i++) _ring[i] = new ParseBlock();
        _free = new SemaphoreSlim(_ring.Length);
        var splitter = new BlockSplitter(this, stream, unread, firstLine, blockBytes, maxBlockBytes);
        var parsers = new List<BlockWorker>();
        for (var i = 0; i < workers; i++) parsers.Add(new BlockWorker(this, i, newParser(), fileName));
        try
        {
            _threads.Add(Start(splitter.Run));
            foreach (var worker in parsers) _threads.Add(Start(worker.Run));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Cancelled when the read stops (finished, failed, cancelled by the caller).</summary>
    internal CancellationToken Stopping => _stop.Token;

    /// <summary>The earliest block known to have failed (blocks after it need not be read or parsed).</summary>
    internal int FailedIndex => Volatile.Read(ref _failedIndex);

    /// <summary>The next block in file order once it is parsed, or null after the last. A failed block is returned like any other
    /// (its <see cref="ParseBlock.Error"/> set); the caller stops there.</summary>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled.</exception>
    public ParseBlock? Next()
    {
        var block = BlockAt(_next);
        try
        {
            block.Done.Wait(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            _caller.ThrowIfCancellationRequested();
            throw;
        }
        if (block.IsEnd && block.Error is null) return null;
        _next++;
        return block;
    }

    /// <summary>Frees a block returned by <see cref="Next"/> for reuse.</summary>
    public void Release(ParseBlock block)
    {
        block.Done.Reset();
        _free.Release();
    }

    /// <summary>Stops and waits for every thread, then returns the buffers.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll(_threads);
        }
        catch (AggregateException)
        {
            // Each thread keeps its own failures on its blocks; nothing else is expected here.
        }
        foreach (var block in _ring) block.Dispose();
        _free.Dispose();
        _work.Dispose();
        _stop.Dispose();
    }

    internal void WaitForFreeBlock(CancellationToken stopping) => _free.Wait(stopping);

    internal ParseBlock BlockAt(int index) => _ring[index % _ring.Length];

    internal void Enqueue(ParseBlock block) => _work.Add(block);

    internal IEnumerable<ParseBlock> TakeWork(CancellationToken stopping) => _work.GetConsumingEnumerable(stopping);

    /// <summary>Notes that block <paramref name="index"/> failed.</summary>
    internal void Failed(int index)
    {
        var known = Volatile.Read(ref _failedIndex);
        while (index < known)
        {
            var seen = Interlocked.CompareExchange(ref _failedIndex, index, known);
            if (seen == known) return;
            known = seen;
        }
    }

    private static Task Start(Action run) =>
        Task.Factory.StartNew(run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
