using System.Runtime.CompilerServices;
using RxAtlas.Core;

namespace RxAtlas.SampleData.Writers;

/// <summary>Builds one CSV line in a reusable char buffer — no allocation per row — then hands it to a writer.</summary>
internal sealed class LineBuilder
{
    private char[] _buffer = new char[1024];
    private int _length;

    public int Length => _length;

    public void Clear() => _length = 0;

    public override string ToString() => new(_buffer, 0, _length);

    public void WriteTo(TextWriter writer) => writer.Write(_buffer, 0, _length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(char c)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = c;
    }

    public void Append(string text)
    {
        if (_length + text.Length > _buffer.Length) Grow(text.Length);
        text.CopyTo(0, _buffer, _length, text.Length);
        _length += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> cut or right-padded with spaces to exactly <paramref name="width"/>.</summary>
    public void AppendPadded(string text, int width)
    {
        if (_length + width > _buffer.Length) Grow(width);
        var n = Math.Min(text.Length, width);
        text.CopyTo(0, _buffer, _length, n);
        _buffer.AsSpan(_length + n, width - n).Fill(' ');
        _length += width;
    }

    /// <summary>Appends a CSV field, double-quoting it when it holds a comma or a quote.</summary>
    public void AppendField(string text)
    {
        if (text.AsSpan().IndexOfAny(',', '"') < 0)
        {
            Append(text);
            return;
        }
        Append('"');
        foreach (var c in text)
        {
            if (c == '"') Append('"');
            Append(c);
        }
        Append('"');
    }

    /// <summary>Appends an integer, zero-padded to <paramref name="minWidth"/> characters (a minus sign takes one of them).</summary>
    public void AppendInteger(long value, int minWidth = 1)
    {
        if (value < 0)
        {
            Append('-');
            value = -value;
            minWidth--;
        }
        Span<char> digits = stackalloc char[20];
        var n = 0;
        do
        {
            digits[n++] = (char)('0' + value % 10);
            value /= 10;
        }
        while (value != 0);
        if (_length + Math.Max(n, minWidth) > _buffer.Length) Grow(Math.Max(n, minWidth));
        for (var i = n; i < minWidth; i++) _buffer[_length++] = '0';
        while (n > 0) _buffer[_length++] = digits[--n];
    }

    /// <summary>Appends a value held at 10^-<paramref name="scaleDigits"/> with <paramref name="printDigits"/> decimals
    /// (exact: the value must have no finer digits), the integer part zero-padded to <paramref name="integerWidth"/>.</summary>
    public void AppendDecimal(long scaled, int scaleDigits, int printDigits, int integerWidth = 1)
    {
        var drop = FixedPoint.Pow10(scaleDigits - printDigits);
        if (scaled % drop != 0) throw new InvalidOperationException($"{scaled} at scale {scaleDigits} has more than {printDigits} decimals.");
        var value = scaled / drop;
        if (value < 0)
        {
            Append('-');
            value = -value;
            integerWidth--;
        }
        var unit = FixedPoint.Pow10(printDigits);
        AppendInteger(value / unit, integerWidth);
        if (printDigits == 0) return;
        Append('.');
        AppendInteger(value % unit, printDigits);
    }

    private void Grow(int extra) => Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra + 64));
}
