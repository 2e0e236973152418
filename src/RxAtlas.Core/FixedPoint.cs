using System.Globalization;
using System.Runtime.CompilerServices;

namespace RxAtlas.Core;

/// <summary>Exact decimal text ⇄ scaled integer conversion. No floating point anywhere.</summary>
public static class FixedPoint
{
    /// <summary>
    /// Parses decimal text such as <c>00000083.79</c>, <c>-1.5</c>, <c>14.55976</c> or <c>500.0</c> into an integer
    /// count of 10^-<paramref name="digits"/> units. Leading zeros, surrounding spaces and a leading sign are accepted.
    /// Fails (returns false) on anything else, on more fractional digits than <paramref name="digits"/> unless they are
    /// zeros, and on overflow.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, int digits, out long value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty) return false;
        var negative = false;
        var i = 0;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }
        long integer = 0;
        var sawDigit = false;
        for (; i < text.Length && text[i] != '.'; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9) return false;
            if (integer > (long.MaxValue - d) / 10) return false;
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
                var d = text[i] - '0';
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
        if (integer > long.MaxValue / scale) return false;
        var result = integer * scale + fraction * Pow10(digits - fractionDigits);
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Formats a scaled integer exactly, with all <paramref name="digits"/> decimal places (1234567, 5 → "12.34567").</summary>
    public static string Format(long value, int digits) =>
        ToDecimal(value, digits).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

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
