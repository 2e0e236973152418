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
    private int _carryStart;
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
        block.EnsureBytes(blockBytes);
        block.Length = 0;
        var atEnd = Top(block);
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
                block.Tail = new PrefixedStream([.. block.Bytes.AsSpan(0, block.Length), .. _carry.AsSpan(_carryStart, _carryLength)], stream);
                block.Length = 0;
                _carryLength = 0;
                _streamHandedOff = true;
                return true;
            }
            block.EnsureBytes(Math.Min(2 * block.Bytes.Length, maxBlockBytes));
            atEnd = Top(block);
        }
        if (cut == 0) return false;
        Carry(block.Bytes.AsSpan(cut, block.Length - cut));
        block.Length = cut;
        block.LineBreaks = block.Bytes.AsSpan(0, cut).Count((byte)'\n');
        return true;
    }

    /// <summary>Fills the rest of the block's buffer from the carried-over bytes, then the file; true when the file ended first.</summary>
    private bool Top(ParseBlock block)
    {
        var buffer = block.Bytes;
        var length = block.Length;
        var take = Math.Min(_carryLength, buffer.Length - length);
        _carry.AsSpan(_carryStart, take).CopyTo(buffer.AsSpan(length));
        _carryStart += take;
        _carryLength -= take;
        length += take;
        try
        {
            if (_carryLength > 0) return false;
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

    /// <summary>Puts the bytes after a block's last record in front of what is still carried over, for the next block.</summary>
    private void Carry(ReadOnlySpan<byte> rest)
    {
        var needed = rest.Length + _carryLength;
        var target = _carry.Length >= needed ? _carry : new byte[Math.Max(needed, 1 << 16)];
        _carry.AsSpan(_carryStart, _carryLength).CopyTo(target.AsSpan(rest.Length)); // overlapping copies are safe
        rest.CopyTo(target);
        _carry = target;
        _carryStart = 0;
        _carryLength = needed;
    }
}
