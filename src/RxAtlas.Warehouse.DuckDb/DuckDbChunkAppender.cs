using System.Buffers.Binary;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>Bulk appends to a table through DuckDB's native appender one data chunk at a time: the caller writes straight into
/// the chunk's column vectors (<see cref="Column{T}"/>), so a row costs a few memory writes instead of one managed call per
/// value. Appends within the connection's open transaction, like <see cref="DuckDBAppender"/>.</summary>
/// <remarks>The table's column types are checked against the expected ones first, so a vector is never written as the wrong
/// type. Only fixed-width columns are written through <see cref="Column{T}"/>; VARCHAR goes through <see cref="SetText"/>.</remarks>
internal sealed unsafe class DuckDbChunkAppender : IDisposable
{
    private readonly DuckDB.NET.Native.DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly IntPtr[] _vectors;
    private readonly string _table;
    private bool _closed;

    /// <param name="connection">An open connection (its current transaction, if any, receives the rows).</param>
    /// <param name="table">A table in the main schema.</param>
    /// <param name="columns">The table's column types, in order.</param>
    public DuckDbChunkAppender(DuckDBConnection connection, string table, params DuckDBType[] columns)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The chunk appender writes little-endian vectors.");
        _table = table;
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null, table, out _appender) != DuckDBState.Success)
            throw Failure("create an appender");
        var count = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(_appender);
        if (count != columns.Length) throw new InvalidOperationException($"{table} has {count} columns; the writer expects {columns.Length}.");
        var types = new DuckDBLogicalType[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                types[i] = NativeMethods.Appender.DuckDBAppenderColumnType(_appender, (ulong)i);
                var actual = NativeMethods.LogicalType.DuckDBGetTypeId(types[i]);
                if (actual != columns[i]) throw new InvalidOperationException($"{table} column {i + 1} is {actual}; the writer expects {columns[i]}.");
            }
            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk([.. types.Select(t => t.DangerousGetHandle())], (ulong)count);
        }
        finally
        {
            foreach (var type in types) type?.Dispose();
        }
        _vectors = new IntPtr[count];
        Capacity = (int)NativeMethods.Helpers.DuckDBVectorSize();
        FetchVectors();
    }

    /// <summary>Rows per chunk (DuckDB's vector size, 2048).</summary>
    public int Capacity { get; }

    /// <summary>Column <paramref name="column"/>'s vector for the chunk being filled; <typeparamref name="T"/> must match its type.</summary>
    public Span<T> Column<T>(int column) where T : unmanaged =>
        new(NativeMethods.Vectors.DuckDBVectorGetData(_vectors[column]), Capacity);

    /// <summary>Sets a VARCHAR value (UTF-8 bytes) of the chunk being filled.</summary>
    /// <remarks>A value of up to 12 bytes is written in place as DuckDB's inlined <c>duckdb_string_t</c> (length, then the
    /// bytes, zero-padded: the layout duckdb.h documents), saving a native call per row; longer ones go through
    /// <c>duckdb_vector_assign_string_element_len</c>, which copies them into the vector's string heap.</remarks>
    public void SetText(int column, int row, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= InlinedBytes)
        {
            var slot = new Span<byte>((byte*)NativeMethods.Vectors.DuckDBVectorGetData(_vectors[column]) + (long)row * StringSize, StringSize);
            BinaryPrimitives.WriteUInt32LittleEndian(slot, (uint)utf8.Length);
            utf8.CopyTo(slot[4..]);
            slot[(4 + utf8.Length)..].Clear();
            return;
        }
        fixed (byte* bytes = utf8) NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(_vectors[column], (ulong)row, bytes, utf8.Length);
    }

    private const int StringSize = 16;
    private const int InlinedBytes = 12;

    /// <summary>Appends the first <paramref name="rows"/> rows of the chunk and starts a new one.</summary>
    public void Append(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Capacity);
        if (rows == 0) return;
        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)rows);
        if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success) throw Failure("append rows");
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        FetchVectors();
    }

    /// <summary>Flushes the appended rows into the table; an error (e.g. a constraint) surfaces here.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success) throw Failure("flush its rows");
    }

    public void Dispose()
    {
        _chunk.Dispose();
        _appender.Dispose();
    }

    private void FetchVectors()
    {
        for (var i = 0; i < _vectors.Length; i++) _vectors[i] = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, i);
    }

    private InvalidOperationException Failure(string what)
    {
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(_appender);
        var message = error.IsInvalid ? "unknown error" : NativeMethods.ErrorData.DuckDBErrorDataMessage(error);
        return new InvalidOperationException($"DuckDB could not {what} for {_table}: {message}");
    }
}
