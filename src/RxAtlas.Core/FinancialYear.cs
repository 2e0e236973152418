using System.Globalization;

namespace RxAtlas.Core;

/// <summary>An NHS financial year, April to March, written as the NHS writes it: <c>2019/20</c> (April 2019 to March 2020).
/// The warehouse's <c>dim_month.financial_year</c> holds the same text.</summary>
public readonly record struct FinancialYear
{
    /// <summary>The first financial year whose months <see cref="YearMonth"/> can hold (April 1900 to March 1901).</summary>
    public const int MinStartYear = 1900;

    /// <summary>The last one (April 2998 to March 2999).</summary>
    public const int MaxStartYear = 2998;

    /// <param name="startYear">The calendar year of its April.</param>
    public FinancialYear(int startYear)
    {
        if (startYear is < MinStartYear or > MaxStartYear)
            throw new ArgumentOutOfRangeException(nameof(startYear), startYear, $"A financial year starts between {MinStartYear} and {MaxStartYear}.");
        StartYear = startYear;
    }

    /// <summary>The calendar year of its April.</summary>
    public int StartYear { get; }

    /// <summary>April of <see cref="StartYear"/>.</summary>
    public YearMonth First => new(StartYear, 4);

    /// <summary>March of the next calendar year.</summary>
    public YearMonth Last => new(StartYear + 1, 3);

    /// <summary>The financial year <paramref name="month"/> falls in (January to March belong to the year that began the April before).</summary>
    public static FinancialYear Of(YearMonth month) => new(month.Month >= 4 ? month.Year : month.Year - 1);

    /// <summary>Parses exactly <c>YYYY/YY</c>, the second year the one after the first (<c>2019/20</c>, <c>1999/00</c>).</summary>
    public static bool TryParse(string? text, out FinancialYear year)
    {
        year = default;
        if (text is not { Length: 7 } || text[4] != '/' || !text.Remove(4, 1).All(char.IsAsciiDigit)) return false;
        var start = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var end = int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (start is < MinStartYear or > MaxStartYear || end != (start + 1) % 100) return false;
        year = new FinancialYear(start);
        return true;
    }

    /// <summary><c>2019/20</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StartYear:D4}/{(StartYear + 1) % 100:D2}");
}
