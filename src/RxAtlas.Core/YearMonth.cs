using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RxAtlas.Core;

/// <summary>A calendar month, the grain of every prescribing release.</summary>
/// <remarks>Accepts the spellings the sources use: <c>2019-11</c>, <c>201911</c>, <c>2019_11</c>.
/// <see cref="Key"/> (<c>201911</c>) is the warehouse's month key.</remarks>
public readonly record struct YearMonth : IComparable<YearMonth>, ISpanParsable<YearMonth>
{
    public YearMonth(int year, int month)
    {
        if (year is < 1900 or > 2999) throw new ArgumentOutOfRangeException(nameof(year), year, "Year must be between 1900 and 2999.");
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), month, "Month must be between 1 and 12.");
        Year = year;
        Month = month;
    }

    public int Year { get; }
    public int Month { get; }

    /// <summary>The integer key <c>yyyyMM</c> used by the warehouse's month dimension.</summary>
    public int Key => Year * 100 + Month;

    public DateOnly FirstDay => new(Year, Month, 1);

    public static YearMonth FromKey(int key) => new(key / 100, key % 100);

    public static YearMonth FromDate(DateOnly date) => new(date.Year, date.Month);

    public YearMonth AddMonths(int months)
    {
        var index = Year * 12 + (Month - 1) + months;
        return new YearMonth(index / 12, index % 12 + 1);
    }

    public YearMonth Next() => AddMonths(1);

    /// <summary>Months from <paramref name="from"/> to <paramref name="to"/>, both included, oldest first.</summary>
    public static IEnumerable<YearMonth> Range(YearMonth from, YearMonth to)
    {
        for (var m = from; m <= to; m = m.Next()) yield return m;
    }

    public static int MonthsBetween(YearMonth from, YearMonth to) => (to.Year * 12 + to.Month) - (from.Year * 12 + from.Month);

    public int CompareTo(YearMonth other) => Key.CompareTo(other.Key);

    public static bool operator <(YearMonth a, YearMonth b) => a.Key < b.Key;
    public static bool operator >(YearMonth a, YearMonth b) => a.Key > b.Key;
    public static bool operator <=(YearMonth a, YearMonth b) => a.Key <= b.Key;
    public static bool operator >=(YearMonth a, YearMonth b) => a.Key >= b.Key;

    /// <summary>Formats as <c>yyyy-MM</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static YearMonth Parse(string s) => Parse(s.AsSpan(), null);

    public static YearMonth Parse(string s, IFormatProvider? provider) => Parse(s.AsSpan(), provider);

    public static YearMonth Parse(ReadOnlySpan<char> s, IFormatProvider? provider) =>
        TryParse(s, provider, out var result)
            ? result
            : throw new FormatException($"'{s.ToString()}' is not a month; expected YYYY-MM or YYYYMM.");

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out YearMonth result) =>
        TryParse(s.AsSpan(), provider, out result);

    public static bool TryParse(ReadOnlySpan<char> s, out YearMonth result) => TryParse(s, null, out result);

    /// <summary>Parses <c>YYYY-MM</c>, <c>YYYY_MM</c>, <c>YYYY/MM</c> or <c>YYYYMM</c>, ignoring surrounding spaces.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out YearMonth result)
    {
        result = default;
        s = s.Trim();
        ReadOnlySpan<char> y, m;
        if (s.Length == 6) { y = s[..4]; m = s[4..]; }
        else if (s.Length == 7 && s[4] is '-' or '_' or '/') { y = s[..4]; m = s[5..]; }
        else return false;
        if (!IsDigits(y) || !IsDigits(m)) return false;
        var year = int.Parse(y, CultureInfo.InvariantCulture);
        var month = int.Parse(m, CultureInfo.InvariantCulture);
        if (year is < 1900 or > 2999 || month is < 1 or > 12) return false;
        result = new YearMonth(year, month);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
