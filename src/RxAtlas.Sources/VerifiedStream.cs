using System.IO.Hashing;
using RxAtlas.Core;

namespace RxAtlas.Sources;

/// <summary>Decompressed bytes that prove themselves whole: the CRC-32 and length of everything read are compared, at the
/// end, with what the container recorded (a gzip's trailer, a zip entry's header). .NET's decompressors return a clean end of
/// stream for a gzip cut off between deflate blocks, and never check a zip entry's CRC; without this a truncated or damaged
/// download would load part of a month, its checks reconciling to the part that was read.</summary>
internal sealed class VerifiedStream(Stream inner, uint expectedCrc, long expectedLength, Func<uint, long, string> describeMismatch, string file) : ForwardOnlyStream
{
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _verified;

    /// <summary>A single-member gzip file's decompressed content, verified against the CRC-32 and length (modulo 2³²) in its
    /// last 8 bytes. A file of several concatenated members has the last member's trailer and so fails too.</summary>
    public static Stream OpenGzip(string path, FileStream file)
    {
        const int trailerBytes = 8, smallestGzip = 18;
        if (file.Length < smallestGzip) throw new DataFormatException(path, 0, null, $"the file is {file.Length} bytes, too short to be gzip data");
        Span<byte> trailer = stackalloc byte[trailerBytes];
        file.Seek(-trailerBytes, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        var crc = BitConverter.ToUInt32(trailer[..4]);
        var length = BitConverter.ToUInt32(trailer[4..]);
        return new VerifiedStream(new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress), crc, length,
            (actualCrc, actualLength) =>
                $"the gzip data is truncated or damaged: its trailer records {length:N0} bytes (modulo 2^32) with CRC-32 {crc:x8}, but it " +
                $"decompressed to {actualLength:N0} bytes with CRC-32 {actualCrc:x8} (a file of several concatenated gzip members is not " +
                "supported: recompress it as one)",
            path) { CompareLengthModulo32Bits = true };
    }

    /// <summary>A zip entry's content, verified against the CRC-32 and length its headers record.</summary>
    public static Stream OpenZipEntry(string displayName, System.IO.Compression.ZipArchiveEntry entry) =>
        new VerifiedStream(entry.Open(), entry.Crc32, entry.Length,
            (actualCrc, actualLength) =>
                $"the zip entry is damaged: the archive records {entry.Length:N0} bytes with CRC-32 {entry.Crc32:x8}, but it decompressed " +
                $"to {actualLength:N0} bytes with CRC-32 {actualCrc:x8}",
            displayName);

    private bool CompareLengthModulo32Bits { get; init; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _length += n;
        }
        else if (buffer.Length > 0) Verify();
        return n;
    }

    private void Verify()
    {
        if (_verified) return;
        var crc = _crc.GetCurrentHashAsUInt32();
        var length = CompareLengthModulo32Bits ? _length & uint.MaxValue : _length;
        if (crc != expectedCrc || length != expectedLength) throw new DataFormatException(file, 0, null, describeMismatch(crc, _length));
        _verified = true;
    }


    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
