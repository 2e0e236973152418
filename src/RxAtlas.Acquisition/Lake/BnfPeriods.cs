using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>Which BNF code file describes a month, as one rule for everything that picks one (the fetch and the pipeline's
/// staging): the month's own file; else its year's (NHSBSA's historic yearly files sit under December); else the latest
/// earlier one; else the earliest later one.</summary>
public static class BnfPeriods
{
    /// <summary>The chosen period among <paramref name="periods"/> (the months the lake holds a BNF file for), or null when
    /// there are none.</summary>
    public static YearMonth? Choose(IEnumerable<YearMonth> periods, YearMonth month)
    {
        var all = periods.Distinct().Order().ToList();
        var december = new YearMonth(month.Year, 12);
        if (all.Contains(month)) return month;
        if (all.Contains(december)) return december;
        var earlier = all.Where(m => m < month).ToList();
        if (earlier.Count > 0) return earlier[^1];
        return all.Count > 0 ? all[0] : null;
    }
}
