namespace RxAtlas.Sources.Parallel;

/// <summary>The one thread that reads the (decompressed) file: fills blocks of about <c>blockBytes</c>, cuts each after its last
/// whole record (quote-aware, <see cref="RecordBoundary"/>), carries the partial record into the next block, counts line
/// breaks so each block knows the line it starts on, and queues the blocks for the workers in file order.</summary>
/// <remarks>A record that does not fit in <c>maxBlockBytes</c> (an unclosed quote, or a line far beyond
/// <see cref="Csv.CsvReader.MaxRecordChars"/>) is not cut around: the rest of the file becomes one last block that a worker
/// reads as a stream, so it fails exactly as the sequential reader does.</remarks>
internal sealed class BlockSplitter(BlockPipeline pipeline, Stream stream, byte[] unread, long firstLine, int blockBytes, int maxBlockBytes)
{
    private byte[] _carry = unread;
    private int _carryLength = unread.Length;
    private bool _streamHandedOff;

    /// <summary>Queues every block, then the end marker; a read failure becomes an end marker carrying the error.</summary>
    public void Run()
    {
        var stopping = pipeline.Stopping;
        var line = firstLine;
        ParseBlock? pending = null;
        try
        {
            for (var index = 0; index <= pipeline.FailedIndex; index++)
            {
                pipeline.WaitForFreeBlock(stopping);
                pending = pipeline.BlockAt(index);
                pending.Reset(index, line);
                if (!Fill(pending))
                {
                    pending.IsEnd = true;
                    pending.Done.Set();
                    return;
                }
                line += pending.LineBreaks;
                pipeline.Enqueue(pending);
                pending = null;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The reader is stopping: nobody waits for more blocks.
        }
        catch (Exception e) when (pending is not null)
        {
            pending.Error = e;
            pending.IsEnd = true;
            pending.Done.Set();
        }
    }

    /// <summary>Fills <paramref name="block"/> with the carried-over bytes and more of the file, up to a record boundary.
    /// False when the file has nothing left.</summary>
    private bool Fill(ParseBlock block)
    {
        if (_streamHandedOff) return false;
        block.EnsureBytes(Math.Max(blockBytes, 2 * _carryLength));
        _carry.AsSpan(0, _carryLength).CopyTo(block.Bytes);
        block.Length = _carryLength;
        _carryLength = 0;
        var atEnd = ReadMore(block);
        int cut;
        while (true)
        {
            if (atEnd)
            {
                cut = block.Length; // the last block: everything left, including a last line without a line break
                break;
            }
            cut = RecordBoundary.LastCut(block.Bytes.AsSpan(0, block.Length));
            if (cut > 0) break;
            if (block.Bytes.Length >= maxBlockBytes)
            {
                block.Tail = new PrefixedStream(block.Bytes.AsSpan(0, block.Length).ToArray(), stream);
                block.Length = 0;
                _streamHandedOff = true;
                return true;
            }
            block.EnsureBytes(Math.Min(2 * block.Bytes.Length, maxBlockBytes));
            atEnd = ReadMore(block);
        }
        if (cut == 0) return false;
        var rest = block.Bytes.AsSpan(cut, block.Length - cut);
        if (_carry.Length < rest.Length) _carry = new byte[Math.Max(rest.Length, 1 << 16)];
        rest.CopyTo(_carry);
        _carryLength = rest.Length;
        block.Length = cut;
        block.LineBreaks = block.Bytes.AsSpan(0, cut).Count((byte)'\n');
        return true;
    }

    /// <summary>Reads until the block's buffer is full; true when the file ended first.</summary>
    private bool ReadMore(ParseBlock block)
    {
        var buffer = block.Bytes;
        var length = block.Length;
        try
        {
            while (length < buffer.Length)
            {
                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0) return true;
                length += read;
            }
            return false;
        }
        finally
        {
            block.Length = length;
        }
    }
}
