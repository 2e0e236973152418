using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RxAtlas.Core;
using RxAtlas.Core.Coding;

namespace RxAtlas.Sources.Parallel;

/// <summary>The fast path of a <see cref="BlockWorker"/>: codes one line of Latin-1 bytes straight from the block, without
/// decoding it to characters or splitting every field, when the line is the common case — no quotes, the expected number of
/// fields, the month, practice and presentation already seen, and measures that are numbers.</summary>
/// <remarks>It never decides anything the general rules would decide differently: whenever a line is not that common case
/// (a new code, a quote, a bad number, a wrong field count, a blank line), <see cref="TryParse"/> returns false and leaves
/// everything untouched, and the worker hands the record to <see cref="PrescribingRowParser"/>, which accepts it or fails
/// with the file, line and field. Every value it does produce equals what that parser would produce.</remarks>
internal sealed class ByteRowParser
{
    private readonly PrescribingRowParser _rules;
    private readonly int _fields;
    private readonly int _alsoAllowed;
    private readonly int _practice, _bnf, _items, _quantity, _nic, _cost, _month;
    private readonly CodeTable _practiceIds = new();
    private readonly CodeTable _bnfIds = new();
    private readonly int[] _commas;
    private readonly bool _wide;
    private byte[] _monthText = [];
    private readonly byte[] _lastPractice = new byte[CodeTable.MaxBytes];
    private int _lastPracticeLength = -1;
    private int _lastPracticeId = -1;
    private int _knownPractices;
    private int _knownBnf;

    /// <param name="rules">The general parser of the same worker: its codes, month and totals are shared.</param>
    /// <param name="wide">Scan 32 bytes at a time rather than 16 (<see cref="IByteChunk"/>); by default, when the processor
    /// runs 32-byte vectors natively.</param>
    public ByteRowParser(PrescribingRowParser rules, bool? wide = null)
    {
        _rules = rules;
        var columns = rules.Columns;
        _wide = wide ?? Vector256.IsHardwareAccelerated;
        _fields = columns.Header.Count;
        _alsoAllowed = columns.Header.HasTrailingEmpty ? _fields - 1 : -1;
        (_practice, _bnf, _items, _quantity, _nic, _cost, _month) =
            (columns.Practice, columns.Bnf, columns.Items, columns.Quantity, columns.Nic, columns.ActualCost, columns.Month);
        _commas = new int[Math.Max(_fields, _alsoAllowed)];
    }

    /// <summary>Forgets the month, as <see cref="PrescribingRowParser.BeginBlock"/> does: the block's first row takes the
    /// general path, which sets the block's month.</summary>
    public void BeginBlock() => _monthText = [];

    /// <summary>Learns what the general parser learnt from a record it coded: the month's text and any new codes.</summary>
    /// <returns>Whether there was anything new to learn (so the fast path declined the record for a reason that has passed).</returns>
    public bool Learn()
    {
        var learnt = false;
        // Within a block the month cannot change (the general parser fails a row of another month).
        if (_monthText.Length == 0)
        {
            _monthText = Bytes(_rules.MonthText);
            learnt = true;
        }
        var practices = _rules.PracticeCodes;
        for (; _knownPractices < practices.Count; _knownPractices++, learnt = true) AddCode(_practiceIds, practices[_knownPractices], _knownPractices);
        var bnf = _rules.BnfCodes;
        for (; _knownBnf < bnf.Count; _knownBnf++, learnt = true) AddCode(_bnfIds, bnf[_knownBnf], _knownBnf);
        return learnt;
    }

    /// <summary>Codes the line at the start of <paramref name="buffer"/> and adds it to the totals, or returns false, changing
    /// nothing, when the line is not the common case.</summary>
    /// <param name="buffer">The block from the line's start to the end of its array (bytes past <paramref name="limit"/> may be
    /// read, never used).</param>
    /// <param name="limit">Where the block's data ends, counted from the line's start.</param>
    /// <param name="row">The coded row.</param>
    /// <param name="consumed">The line's length with its line feed.</param>
    public bool TryParse(ReadOnlySpan<byte> buffer, int limit, out CodedRow row, out int consumed)
    {
        row = default;
        consumed = 0;
        if (_monthText.Length == 0 || !Scan(buffer, limit, out var commas, out var end)) return false;
        var fields = commas + 1;
        if (fields != _fields && fields != _alsoAllowed) return false;
        var line = buffer[..end];
        if (!Field(line, _month, commas).SequenceEqual(_monthText)) return false;
        if (!PracticeId(Field(line, _practice, commas), out var practice)) return false;
        if (!_bnfIds.TryGet(Field(line, _bnf, commas), out var bnf)) return false;
        if (!TryScaled(Field(line, _items, commas), 0, out var items)
            || !TryScaled(Field(line, _quantity, commas), Scale.QuantityDigits, out var quantity)
            || !TryScaled(Field(line, _nic, commas), Scale.NicDigits, out var nic)
            || !TryScaled(Field(line, _cost, commas), Scale.ActualCostDigits, out var cost))
        {
            return false;
        }
        row = new CodedRow(practice, bnf, items, quantity, nic, cost);
        _rules.Count(row);
        consumed = end < limit ? end + 1 : end;
        return true;
    }

    /// <summary>Finds the line's end and its commas in one vectorised pass, refusing a line with more fields than the layout
    /// has; a line holding a quote is split by <see cref="ScanQuoted"/>.</summary>
    private bool Scan(ReadOnlySpan<byte> buffer, int limit, out int count, out int end) =>
        _wide ? Scan<Chunk256>(buffer, limit, out count, out end) : Scan<Chunk128>(buffer, limit, out count, out end);

    private bool Scan<TChunk>(ReadOnlySpan<byte> buffer, int limit, out int count, out int end)
        where TChunk : struct, IByteChunk
    {
        count = 0;
        end = limit;
        var commas = _commas;
        ref var start = ref MemoryMarshal.GetReference(buffer);
        var width = TChunk.Width;
        var all = width == 32 ? uint.MaxValue : (1u << width) - 1;
        var i = 0;
        for (; i + width <= buffer.Length && i < limit; i += width)
        {
            var (breaks, quotes, found) = TChunk.Find(ref start, i);
            var valid = limit - i >= width ? all : (1u << (limit - i)) - 1;
            breaks &= valid;
            var last = false;
            if (breaks != 0)
            {
                var at = BitOperations.TrailingZeroCount(breaks);
                valid &= (1u << at) - 1;
                end = i + at;
                last = true;
            }
            else if (valid != all)
            {
                last = true; // the block's data ends in this chunk without a line feed
            }
            if ((quotes & valid) != 0) return ScanQuoted(buffer, limit, out count, out end);
            found &= valid;
            while (found != 0)
            {
                if (count == commas.Length) return false;
                commas[count++] = i + BitOperations.TrailingZeroCount(found);
                found &= found - 1;
            }
            if (last) return true;
        }
        for (; i < limit; i++)
        {
            var b = buffer[i];
            if (b == (byte)'\n')
            {
                end = i;
                return true;
            }
            if (b == (byte)'"') return ScanQuoted(buffer, limit, out count, out end);
            if (b != (byte)',') continue;
            if (count == commas.Length) return false;
            commas[count++] = i;
        }
        return true;
    }

    /// <summary>The scan of a line holding a quote, byte by byte, as the CSV reader splits it: a field that starts with a quote
    /// (after spaces or tabs) runs to the next quote, which must be followed by spaces, tabs or a carriage return and then a
    /// comma or the line's end; a quote anywhere else is text. Refuses what only the CSV reader handles or rejects: a doubled
    /// quote, a line break inside quotes, an unclosed quote, text after a closing quote.</summary>
    private bool ScanQuoted(ReadOnlySpan<byte> buffer, int limit, out int count, out int end)
    {
        count = 0;
        end = limit;
        var commas = _commas;
        var i = 0;
        while (true)
        {
            while (i < limit && buffer[i] is (byte)' ' or (byte)'\t') i++;
            if (i < limit && buffer[i] == (byte)'"')
            {
                var close = buffer[(i + 1)..limit].IndexOfAny((byte)'"', (byte)'\n');
                if (close < 0) return false;
                i += 1 + close;
                if (buffer[i] == (byte)'\n' || (i + 1 < limit && buffer[i + 1] == (byte)'"')) return false;
                for (i++; i < limit && buffer[i] is (byte)' ' or (byte)'\t' or (byte)'\r';) i++;
                if (i < limit && buffer[i] is not ((byte)',' or (byte)'\n')) return false;
            }
            else
            {
                var stop = buffer[i..limit].IndexOfAny((byte)',', (byte)'\n');
                i = stop < 0 ? limit : i + stop;
            }
            if (i == limit) return true;
            if (buffer[i] == (byte)'\n')
            {
                end = i;
                return true;
            }
            if (count == commas.Length) return false;
            commas[count++] = i++;
        }
    }

    /// <summary>Field <paramref name="index"/>, trimmed as the CSV reader trims an unquoted field (spaces and tabs before;
    /// spaces, tabs and a carriage return after).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index, int commas)
    {
        var from = index == 0 ? 0 : _commas[index - 1] + 1;
        var to = index == commas ? line.Length : _commas[index];
        while (from < to && line[from] is (byte)' ' or (byte)'\t') from++;
        while (to > from && line[to - 1] is (byte)' ' or (byte)'\t' or (byte)'\r') to--;
        return line[from..to];
    }

    private bool PracticeId(ReadOnlySpan<byte> code, out int id)
    {
        if (code.Length == _lastPracticeLength && code.SequenceEqual(_lastPractice.AsSpan(0, _lastPracticeLength)))
        {
            id = _lastPracticeId;
            return true;
        }
        if (!_practiceIds.TryGet(code, out id)) return false;
        code.CopyTo(_lastPractice);
        (_lastPracticeLength, _lastPracticeId) = (code.Length, id);
        return true;
    }

    private static void AddCode(CodeTable ids, string code, int id) => ids.Add(Bytes(code), id);

    /// <summary>A measure as the general parser reads it (<see cref="FixedPoint"/>): an empty field is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScaled(ReadOnlySpan<byte> text, int digits, out long value)
    {
        value = 0;
        return text.IsEmpty || FixedPoint.TryParse(text, digits, out value);
    }

    /// <summary>Text read from the file's Latin-1 back into its bytes.</summary>
    private static byte[] Bytes(ReadOnlySpan<char> text) => System.Text.Encoding.Latin1.GetBytes(text.ToArray());
}
