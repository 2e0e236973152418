using System.Runtime.Intrinsics;

namespace RxAtlas.Sources.Parallel;

/// <summary>How <see cref="ByteRowParser"/> looks at a line: a chunk of bytes at a time, as bit masks of its line feeds,
/// quotes and commas (bit i for byte i). Two widths, so each processor uses the vectors it runs natively: 32 bytes with
/// AVX2, 16 bytes elsewhere (Arm's Advanced SIMD, older x64), where 32-byte vectors would be emulated one byte at a time.</summary>
internal interface IByteChunk
{
    /// <summary>Bytes per chunk (at most 32, so a mask fits a <see cref="uint"/>).</summary>
    static abstract int Width { get; }

    /// <summary>Masks of the chunk of <see cref="Width"/> bytes at <paramref name="offset"/> from <paramref name="start"/>.</summary>
    static abstract (uint Breaks, uint Quotes, uint Commas) Find(ref byte start, int offset);
}

/// <summary>32 bytes at a time (<see cref="Vector256"/>).</summary>
internal readonly struct Chunk256 : IByteChunk
{
    public static int Width => Vector256<byte>.Count;

    public static (uint Breaks, uint Quotes, uint Commas) Find(ref byte start, int offset)
    {
        var chunk = Vector256.LoadUnsafe(ref start, (nuint)offset);
        return (Vector256.Equals(chunk, Vector256.Create((byte)'\n')).ExtractMostSignificantBits(),
            Vector256.Equals(chunk, Vector256.Create((byte)'"')).ExtractMostSignificantBits(),
            Vector256.Equals(chunk, Vector256.Create((byte)',')).ExtractMostSignificantBits());
    }
}

/// <summary>16 bytes at a time (<see cref="Vector128"/>).</summary>
internal readonly struct Chunk128 : IByteChunk
{
    public static int Width => Vector128<byte>.Count;

    public static (uint Breaks, uint Quotes, uint Commas) Find(ref byte start, int offset)
    {
        var chunk = Vector128.LoadUnsafe(ref start, (nuint)offset);
        return (Vector128.Equals(chunk, Vector128.Create((byte)'\n')).ExtractMostSignificantBits(),
            Vector128.Equals(chunk, Vector128.Create((byte)'"')).ExtractMostSignificantBits(),
            Vector128.Equals(chunk, Vector128.Create((byte)',')).ExtractMostSignificantBits());
    }
}
