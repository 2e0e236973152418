using System.Buffers.Binary;
using System.Numerics;

namespace RxAtlas.Sources.Parallel;

/// <summary>The fast path's code → id lookup: codes of at most 15 bytes (practice and BNF codes) packed exactly, with their
/// length, into two 64-bit words, in an open-addressing table. Looking a code up allocates nothing and hashes two words.</summary>
internal sealed class CodeTable
{
    /// <summary>The longest code the table holds.</summary>
    public const int MaxBytes = 15;
    private ulong[] _low = new ulong[256];
    private ulong[] _high = new ulong[256]; // never 0 for a key (it holds the length), so 0 marks an empty slot
    private int[] _ids = new int[256];
    private int _count;
    private int _shift = 64 - 8;

    /// <summary>The id of <paramref name="code"/>, if it was added.</summary>
    public bool TryGet(ReadOnlySpan<byte> code, out int id)
    {
        id = -1;
        if (code.Length is 0 or > MaxBytes) return false;
        var (low, high) = Pack(code);
        var mask = _high.Length - 1;
        for (var slot = Slot(low, high); ; slot = (slot + 1) & mask)
        {
            var h = _high[slot];
            if (h == 0) return false;
            if (h == high && _low[slot] == low)
            {
                id = _ids[slot];
                return true;
            }
        }
    }

    /// <summary>Adds (or replaces) the id of <paramref name="code"/>; a code longer than <see cref="MaxBytes"/> is not held.</summary>
    public void Add(ReadOnlySpan<byte> code, int id)
    {
        if (code.Length is 0 or > MaxBytes) return;
        if (2 * (_count + 1) > _high.Length) Grow();
        var (low, high) = Pack(code);
        Insert(low, high, id);
    }

    private void Insert(ulong low, ulong high, int id)
    {
        var mask = _high.Length - 1;
        var slot = Slot(low, high);
        while (_high[slot] != 0 && !(_high[slot] == high && _low[slot] == low)) slot = (slot + 1) & mask;
        if (_high[slot] == 0) _count++;
        (_low[slot], _high[slot], _ids[slot]) = (low, high, id);
    }

    private void Grow()
    {
        var (low, high, ids) = (_low, _high, _ids);
        _low = new ulong[2 * low.Length];
        _high = new ulong[2 * high.Length];
        _ids = new int[2 * ids.Length];
        _shift--;
        _count = 0;
        for (var i = 0; i < high.Length; i++) if (high[i] != 0) Insert(low[i], high[i], ids[i]);
    }

    private int Slot(ulong low, ulong high) => (int)(((low * 0x9E3779B97F4A7C15UL) ^ (high * 0xC2B2AE3D27D4EB4FUL)) >> _shift);

    /// <summary>Bytes 0–7 in the low word; bytes 8–14 and the length (top byte) in the high word.</summary>
    private static (ulong Low, ulong High) Pack(ReadOnlySpan<byte> code)
    {
        var length = code.Length;
        if (length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt64LittleEndian(code);
            // The last 8 bytes, shifted so only bytes 8.. stay (they overlap the low word when the code is under 16 bytes).
            var tail = length == 8 ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(code[(length - 8)..]) >> (8 * (16 - length));
            return (low, tail | ((ulong)length << 56));
        }
        ulong packed = 0;
        for (var i = length - 1; i >= 0; i--) packed = (packed << 8) | code[i];
        return (packed, (ulong)length << 56);
    }
}
