using System.Runtime.InteropServices;

namespace RxAtlas.Core.Coding;

/// <summary>A temporary file of <see cref="CodedRow"/>s in blocks, written once and then scanned start to end any number of
/// times; deleted when disposed (or, failing that, when the process closes it).</summary>
internal sealed class RowSpill : IDisposable
{
    private readonly FileStream _file = new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rxatlas-rows-{Guid.NewGuid():N}.bin"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan);

    public string Path => _file.Name;

    public void Write(ReadOnlySpan<CodedRow> rows) => _file.Write(MemoryMarshal.AsBytes(rows));

    /// <summary>The <paramref name="count"/> rows written, <see cref="CodedPrescribing.BlockRows"/> at a time into one reused
    /// buffer (each block valid until the next is requested).</summary>
    public IEnumerable<ReadOnlyMemory<CodedRow>> Scan(long count)
    {
        var buffer = new CodedRow[CodedPrescribing.BlockRows];
        _file.Position = 0;
        for (var left = count; left > 0;)
        {
            var n = (int)Math.Min(left, buffer.Length);
            _file.ReadExactly(MemoryMarshal.AsBytes(buffer.AsSpan(0, n)));
            left -= n;
            yield return buffer.AsMemory(0, n);
        }
    }

    public void Dispose() => _file.Dispose();
}
