using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using RxAtlas.Core;

namespace RxAtlas.Sources.Csv;

/// <summary>
/// A fast, forward-only CSV tokenizer over Latin-1 bytes: pooled buffers, no allocation per field, constant memory.
/// </summary>
/// <remarks>
/// Fields are split on commas, honour double quotes (with <c>""</c> as an escaped quote, and line breaks inside quotes),
/// and are trimmed of the padding spaces the old NHS files carry. CRLF and LF both end a record; empty lines are skipped.
/// A UTF-8 byte-order mark at the very start is skipped. <see cref="LineNumber"/> is the 1-based physical line on which
/// the current record starts, for error messages.
/// </remarks>
public sealed class CsvReader : IDisposable
{
    private const int DefaultBufferChars = 1 << 16;

    /// <summary>The longest record accepted (in characters); a longer one is malformed input, not a reason to use more memory.</summary>
    public const int MaxRecordChars = 1 << 24;
    private static readonly SearchValues<char> FieldEnd = SearchValues.Create(",\n");

    private readonly Stream _stream;
    private readonly bool _skipByteOrderMark;
    private readonly bool _leaveOpen;
    private byte[] _bytes;
    private char[] _chars;
    private int _pos;          // first char not yet consumed
    private int _end;          // end of valid chars
    private bool _eof;
    private bool _started;
    private long _nextLine;     // physical line at _pos
    private long _bytesRead;    // bytes taken from the stream so far

    private int[] _starts = new int[32];
    private int[] _lengths = new int[32];
    private bool[] _escaped = new bool[32];
    private int _count;

    /// <summary>Tokenizes <paramref name="stream"/>, which the reader owns and disposes.</summary>
    /// <param name="stream">Latin-1 (or ASCII) CSV bytes.</param>
    /// <param name="name">The file's display name, used in error messages.</param>
    /// <param name="bufferChars">Initial buffer size; the buffer grows only for a record longer than it.</param>
    public CsvReader(Stream stream, string name, int bufferChars = DefaultBufferChars)
        : this(stream, name, bufferChars, firstLine: 1, skipByteOrderMark: true, leaveOpen: false)
    {
    }

    /// <summary>Tokenizes a part of a file that starts at a record boundary (a block cut by a parallel reader).</summary>
    /// <param name="stream">Latin-1 CSV bytes.</param>
    /// <param name="name">The file's display name, used in error messages.</param>
    /// <param name="bufferChars">Initial buffer size.</param>
    /// <param name="firstLine">The physical line of the file on which <paramref name="stream"/> starts.</param>
    /// <param name="skipByteOrderMark">Whether a UTF-8 byte-order mark at the start is skipped (only at the start of a file).</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    internal CsvReader(Stream stream, string name, int bufferChars, long firstLine, bool skipByteOrderMark, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstLine, 1);
        _stream = stream;
        _nextLine = firstLine;
        _skipByteOrderMark = skipByteOrderMark;
        _leaveOpen = leaveOpen;
        Name = name;
        bufferChars = Math.Max(bufferChars, 16);
        _bytes = ArrayPool<byte>.Shared.Rent(bufferChars);
        _chars = ArrayPool<char>.Shared.Rent(bufferChars);
    }

    /// <summary>Tokenizes CSV text already in memory (for tests and small inputs).</summary>
    public static CsvReader FromString(string text, string name = "<text>") =>
        new(new MemoryStream(Encoding.Latin1.GetBytes(text)), name);

    /// <summary>The display name of the file being read.</summary>
    public string Name { get; }

    /// <summary>The file's header names, once its reader has read them: errors in later records then name a field by its
    /// header name rather than its position.</summary>
    public IReadOnlyList<string>? FieldNames { get; set; }

    /// <summary>The 1-based physical line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Number of fields in the current record.</summary>
    public int FieldCount => _count;

    /// <summary>The current record's field, unquoted and trimmed of surrounding spaces. Valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The record has {_count} fields.");
            return new ReadOnlySpan<char>(_chars, _starts[index], _lengths[index]);
        }
    }

    /// <summary>The field as a new string (use a <see cref="StringPool"/> for repeated values).</summary>
    public string GetString(int index) => this[index].ToString();

    /// <summary>The field as a string, or null when it is empty.</summary>
    public string? GetStringOrNull(int index)
    {
        var span = this[index];
        return span.IsEmpty ? null : span.ToString();
    }

    /// <summary>True when every field of the current record is empty (e.g. <c>,,,,</c>).</summary>
    public bool IsBlankRecord
    {
        get
        {
            for (var i = 0; i < _count; i++) if (_lengths[i] != 0) return false;
            return true;
        }
    }

    /// <summary>Advances to the next record. Returns false at the end of the file.</summary>
    /// <exception cref="DataFormatException">A quoted field that never closes, or text after a closing quote.</exception>
    public bool Read()
    {
        if (!_started) Start();
        while (true)
        {
            if (TryParseRecord()) return true;
            if (_eof) return false;
            Refill();
        }
    }

    /// <summary>Returns the buffers to the pool and closes the stream.</summary>
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<char>.Shared.Return(_chars);
            _bytes = [];
            _chars = [];
        }
    }

    /// <summary>How many bytes of the stream the records read so far (and any byte-order mark and blank lines before the next
    /// one) took: where the next record starts. Latin-1 has one byte per character.</summary>
    internal long Consumed => _bytesRead - (_end - _pos);

    /// <summary>The physical line at <see cref="Consumed"/>.</summary>
    internal long NextLine => _nextLine;

    /// <summary>The input read from the stream but not yet consumed as records, as the Latin-1 bytes it came from, and the
    /// physical line on which it starts: with the rest of the stream, exactly what follows the current record.</summary>
    internal byte[] TakeUnread(out long nextLine)
    {
        nextLine = _nextLine;
        if (!_started) return [];
        var unread = Encoding.Latin1.GetBytes(_chars, _pos, _end - _pos);
        _pos = _end;
        return unread;
    }

    private void Start()
    {
        _started = true;
        // Fill until we have at least three bytes (or the end) so a byte-order mark can be recognised.
        var n = 0;
        while (n < 3)
        {
            var read = _stream.Read(_bytes, n, _bytes.Length - n);
            if (read == 0) break;
            n += read;
        }
        _bytesRead = n;
        var skip = _skipByteOrderMark && n >= 3 && _bytes[0] == 0xEF && _bytes[1] == 0xBB && _bytes[2] == 0xBF ? 3 : 0;
        _end = Encoding.Latin1.GetChars(_bytes.AsSpan(skip, n - skip), _chars);
        _eof = n == 0;
    }

    /// <summary>Moves the unconsumed tail to the front, grows the buffer when a record fills it, and reads more bytes.</summary>
    private void Refill()
    {
        var remaining = _end - _pos;
        if (remaining > 0 && _pos > 0) Array.Copy(_chars, _pos, _chars, 0, remaining);
        _pos = 0;
        _end = remaining;
        if (_end == _chars.Length)
        {
            if (_chars.Length >= MaxRecordChars)
            {
                throw new DataFormatException(Name, _nextLine, null,
                    $"a line longer than {MaxRecordChars:N0} characters; expected CSV records (is a quote left open?)");
            }
            var bigger = ArrayPool<char>.Shared.Rent(_chars.Length * 2);
            Array.Copy(_chars, bigger, _end);
            ArrayPool<char>.Shared.Return(_chars);
            _chars = bigger;
        }
        var want = Math.Min(_chars.Length - _end, _bytes.Length);
        var read = _stream.Read(_bytes, 0, want);
        if (read == 0)
        {
            _eof = true;
            return;
        }
        _bytesRead += read;
        _end += Encoding.Latin1.GetChars(_bytes.AsSpan(0, read), _chars.AsSpan(_end));
    }

    /// <summary>Parses one record starting at <see cref="_pos"/>. Returns false (consuming nothing) when the buffer ends before
    /// the record does and more input may follow.</summary>
    private bool TryParseRecord()
    {
        var chars = _chars;
        var p = _pos;
        var end = _end;
        var line = _nextLine;

        // Skip empty lines (and a lone CR before LF).
        while (true)
        {
            var q = p;
            while (q < end && chars[q] is ' ' or '\t' or '\r') q++;
            if (q < end && chars[q] == '\n')
            {
                p = q + 1;
                line++;
                _pos = p;
                _nextLine = line;
                continue;
            }
            if (q == end)
            {
                if (!_eof) return false;
                _pos = end;
                _nextLine = line;
                return false; // trailing blanks at end of file
            }
            break;
        }

        var recordLine = line;
        var count = 0;
        while (true)
        {
            // Skip leading padding.
            while (p < end && chars[p] is ' ' or '\t') p++;
            int start, length;
            var escaped = false;
            bool atEndOfRecord;
            if (p < end && chars[p] == '"')
            {
                // Quoted field.
                var q = p + 1;
                while (true)
                {
                    var rel = chars.AsSpan(q, end - q).IndexOf('"');
                    if (rel < 0)
                    {
                        if (!_eof) return false;
                        throw new DataFormatException(Name, recordLine, FieldLabel(count), "a quoted field is not closed before the end of the file");
                    }
                    q += rel;
                    if (q + 1 >= end && !_eof) return false; // need to see the char after the quote
                    if (q + 1 < end && chars[q + 1] == '"')
                    {
                        escaped = true;
                        q += 2;
                        continue;
                    }
                    break;
                }
                start = p + 1;
                length = q - start;
                line += chars.AsSpan(start, length).Count('\n');
                p = q + 1;
                while (p < end && chars[p] is ' ' or '\t' or '\r') p++;
                if (p < end && chars[p] == ',') { atEndOfRecord = false; p++; }
                else if (p < end && chars[p] == '\n') { atEndOfRecord = true; p++; line++; }
                else if (p == end)
                {
                    if (!_eof) return false;
                    atEndOfRecord = true;
                }
                else
                {
                    throw new DataFormatException(Name, line, FieldLabel(count),
                        $"unexpected '{chars[p]}' after a closing quote; expected a comma or the end of the line");
                }
            }
            else
            {
                start = p;
                var rel = chars.AsSpan(p, end - p).IndexOfAny(FieldEnd);
                int stop;
                if (rel < 0)
                {
                    if (!_eof) return false;
                    stop = end;
                    atEndOfRecord = true;
                    p = end;
                }
                else
                {
                    stop = p + rel;
                    atEndOfRecord = chars[stop] == '\n';
                    p = stop + 1;
                    if (atEndOfRecord) line++;
                }
                while (stop > start && chars[stop - 1] is ' ' or '\t' or '\r') stop--;
                length = stop - start;
            }
            if (count == _starts.Length) GrowFields();
            _starts[count] = start;
            _lengths[count] = length;
            _escaped[count] = escaped;
            count++;
            if (atEndOfRecord) break;
        }

        // The record is complete: commit it and unescape doubled quotes in place.
        _pos = p;
        _nextLine = line;
        _count = count;
        LineNumber = recordLine;
        for (var i = 0; i < count; i++)
        {
            if (_escaped[i]) _lengths[i] = Unescape(chars.AsSpan(_starts[i], _lengths[i]));
        }
        return true;
    }

    private static int Unescape(Span<char> field)
    {
        var w = 0;
        for (var r = 0; r < field.Length; r++)
        {
            field[w++] = field[r];
            if (field[r] == '"') r++; // skip the second quote of a pair
        }
        return w;
    }

    private void GrowFields()
    {
        Array.Resize(ref _starts, _starts.Length * 2);
        Array.Resize(ref _lengths, _lengths.Length * 2);
        Array.Resize(ref _escaped, _escaped.Length * 2);
    }

    /// <summary>A field as errors name it: by its header name once <see cref="FieldNames"/> is known, else by position.</summary>
    private string FieldLabel(int index) =>
        FieldNames is { } names && index < names.Count && names[index].Length > 0 ? names[index] : $"#{index + 1}";
}
