using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RxAtlas.Core;

/// <summary>Exact decimal text ⇄ scaled integer conversion. No floating point anywhere.</summary>
public static class FixedPoint
{
    /// <summary>
    /// Parses decimal text such as <c>00000083.79</c>, <c>-1.5</c>, <c>14.55976</c> or <c>500.0</c> into an integer
    /// count of 10^-<paramref name="digits"/> units. Leading zeros, surrounding white space and a leading sign are accepted.
    /// Fails (returns false) on anything else, on more fractional digits than <paramref name="digits"/> unless they are
    /// zeros, and on overflow.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, int digits, out long value) => TryParseCore(text, digits, out value);

    /// <summary>The same as the <see cref="TryParse(ReadOnlySpan{char}, int, out long)"/> overload, for Latin-1 bytes (one
    /// byte per character): the same text gives the same answer.</summary>
    public static bool TryParse(ReadOnlySpan<byte> latin1, int digits, out long value) => TryParseCore(latin1, digits, out value);

    private static bool TryParseCore<T>(ReadOnlySpan<T> text, int digits, out long value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        while (!text.IsEmpty && IsWhiteSpace(Char(text[0]))) text = text[1..];
        while (!text.IsEmpty && IsWhiteSpace(Char(text[^1]))) text = text[..^1];
        if (text.IsEmpty) return false;
        var negative = false;
        var i = 0;
        if (Char(text[0]) is '-' or '+')
        {
            negative = Char(text[0]) == '-';
            i = 1;
        }
        long integer = 0;
        var sawDigit = false;
        for (; i < text.Length && Char(text[i]) != '.'; i++)
        {
            var d = Char(text[i]) - '0';
            if ((uint)d > 9) return false;
            // integer * 10 + d would pass long.MaxValue (…5807): the same test as integer > (long.MaxValue - d) / 10.
            if (integer >= MaxTenth && (integer > MaxTenth || d > 7)) return false;
            integer = integer * 10 + d;
            sawDigit = true;
        }
        long fraction = 0;
        var fractionDigits = 0;
        if (i < text.Length)
        {
            i++; // the point
            for (; i < text.Length; i++)
            {
                var d = Char(text[i]) - '0';
                if ((uint)d > 9) return false;
                sawDigit = true;
                if (fractionDigits < digits)
                {
                    fraction = fraction * 10 + d;
                    fractionDigits++;
                }
                else if (d != 0)
                {
                    return false; // more precision than the scale keeps: refuse rather than round
                }
            }
        }
        if (!sawDigit) return false;
        var scale = Pow10(digits);
        if (integer > (digits < MaxIntegerAtScale.Length ? MaxIntegerAtScale[digits] : long.MaxValue / scale)) return false;
        var result = integer * scale + fraction * Pow10(digits - fractionDigits);
        value = negative ? -result : result;
        return true;
    }

    private const long MaxTenth = long.MaxValue / 10;

    /// <summary>long.MaxValue / 10^digits for the scales in use, so the overflow test needs no division.</summary>
    private static readonly long[] MaxIntegerAtScale = [.. Enumerable.Range(0, 7).Select(d => long.MaxValue / Pow10(d))];

    /// <summary><see cref="char.IsWhiteSpace(char)"/>, answering at once for the printable ASCII that numbers are made of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhiteSpace(char c) => c is not (> ' ' and < '\u007F') && char.IsWhiteSpace(c);

    /// <summary>A UTF-16 code unit or a Latin-1 byte as the character it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char Char<T>(T unit) where T : unmanaged, IBinaryInteger<T> => (char)ushort.CreateTruncating(unit);

    /// <summary>Formats a scaled integer exactly, with all <paramref name="digits"/> decimal places (1234567, 5 → "12.34567").</summary>
    public static string Format(long value, int digits) =>
        ToDecimal(value, digits).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Formats a scaled integer exactly for people, with thousands separators and at least
    /// <paramref name="minDigits"/> decimal places, more only where the value has them: pounds held to 1/100,000 print as
    /// pence like NIC (4983588.72000, 5, 2 → "4,983,588.72") unless a fraction of a penny would be lost (14.55976 →
    /// "14.55976"), so two values that differ never print alike.</summary>
    public static string FormatGrouped(long value, int digits, int minDigits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minDigits);
        var shown = Math.Min(minDigits, digits);
        var rest = value % Pow10(digits);
        while (shown < digits && rest % Pow10(digits - shown) != 0) shown++;
        return ToDecimal(value, digits).ToString("N" + shown.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Converts a scaled integer to an exact <see cref="decimal"/> (1234567, 5 → 12.34567m).</summary>
    public static decimal ToDecimal(long value, int digits) => (decimal)value / Pow10(digits);

    /// <summary>Rounds a scaled integer to fewer digits, half away from zero — for display only.</summary>
    public static decimal Round(long value, int digits, int displayDigits) =>
        Math.Round(ToDecimal(value, digits), displayDigits, MidpointRounding.AwayFromZero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pow10(int digits) => digits switch
    {
        0 => 1,
        1 => 10,
        2 => 100,
        3 => 1_000,
        4 => 10_000,
        5 => 100_000,
        6 => 1_000_000,
        _ => (long)Math.Pow(10, digits),
    };
}
