using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Encodes rows in PostgreSQL's binary COPY format (header, then per row a field count and length-prefixed
/// big-endian values, then the trailer) into a buffer flushed to a raw COPY stream
/// (<see cref="Npgsql.NpgsqlConnection.BeginRawBinaryCopyAsync"/>). For the month's fact and rollups — millions of rows of a
/// few integers — this costs a few byte writes per value where the general importer resolves a type handler per value.</summary>
/// <remarks>Only the types the fact and rollups use: <c>integer</c>, <c>bigint</c> and short <c>text</c>. The caller writes
/// exactly the declared number of fields per row, in the COPY column order.</remarks>
internal sealed class BinaryCopyRows : IDisposable
{
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private const int BufferBytes = 1 << 20;
    private const int MaxTextBytes = 1024;

    private readonly Stream _stream;
    private readonly short _fields;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _used;

    /// <param name="stream">The raw binary COPY stream (nothing written to it yet).</param>
    /// <param name="fields">Fields per row.</param>
    public BinaryCopyRows(Stream stream, int fields)
    {
        _stream = stream;
        _fields = checked((short)fields);
        Header.CopyTo(_buffer, 0);
        _used = Header.Length;
    }

    /// <summary>Starts a row; flushes first when the buffer might not hold a whole one.</summary>
    public void StartRow()
    {
        if (_used > BufferBytes - 2 - _fields * (4 + MaxTextBytes)) Flush();
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), _fields);
        _used += 2;
    }

    public void Int32(int value)
    {
        var span = _buffer.AsSpan(_used, 8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
        _used += 8;
    }

    public void Int64(long value)
    {
        var span = _buffer.AsSpan(_used, 12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        _used += 12;
    }

    /// <summary>A text value (UTF-8) of at most 1,024 bytes.</summary>
    public void Text(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used + 4, MaxTextBytes));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), length);
        _used += 4 + length;
    }

    /// <summary>Writes the trailer and everything buffered. The caller then disposes the COPY stream to finish the COPY.</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), -1);
        _used += 2;
        Flush();
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }
}
