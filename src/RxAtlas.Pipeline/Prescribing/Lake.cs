using RxAtlas.Acquisition;
using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>The data lake on disk. Raw files are kept unchanged under <c>&lt;root&gt;/raw/&lt;source&gt;/&lt;YYYY-MM|current&gt;/</c>
/// (the layout RxAtlas.Acquisition writes). Names starting with a dot are unfinished downloads and are ignored.</summary>
public sealed class Lake
{
    public Lake(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The raw-zone folder of one source for one month (it may not exist yet).</summary>
    public string RawFolder(string source, YearMonth month) => RawFolder(source, month.ToString());

    /// <summary>The raw-zone folder of one source for a period: <c>YYYY-MM</c> or <see cref="LakeSources.CurrentPeriod"/>.</summary>
    public string RawFolder(string source, string period) => Path.Combine(Root, "raw", source, period);

    /// <summary>Months for which the source has a folder with at least one finished file, oldest first.</summary>
    public IReadOnlyList<YearMonth> RawMonths(string source)
    {
        var folder = Path.Combine(Root, "raw", source);
        if (!Directory.Exists(folder)) return [];
        return
        [
            .. Directory.EnumerateDirectories(folder)
                .Where(HasFiles)
                .Select(d => YearMonth.TryParse(Path.GetFileName(d), null, out var month) ? month : (YearMonth?)null)
                .OfType<YearMonth>()
                .Order(),
        ];
    }

    /// <summary>The folder holding the month's prescribing files (EPD preferred over PDPI), or null when there is none.</summary>
    public string? PrescribingFolder(YearMonth month) =>
        LakeSources.Prescribing.Select(source => RawFolder(source, month)).FirstOrDefault(HasFiles);

    /// <summary>The folder a reference source should be read from for <paramref name="month"/>: for BNF codes the release the
    /// fetch chose too (<see cref="BnfPeriods.Choose"/>: a year's historic file, under December, describes every month of that
    /// year); for the others their newest dated release no later than the month; else the source's <c>current</c> folder,
    /// else its oldest release; null when the source has none.</summary>
    public string? ReferenceFolder(string source, YearMonth month)
    {
        var months = RawMonths(source);
        if (source == LakeSources.Bnf && BnfPeriods.Choose(months, month) is { } bnf) return RawFolder(source, bnf);
        var notLater = months.Where(m => m <= month).ToList();
        if (notLater.Count > 0) return RawFolder(source, notLater[^1]);
        var current = RawFolder(source, LakeSources.CurrentPeriod);
        if (HasFiles(current)) return current;
        return months.Count > 0 ? RawFolder(source, months[0]) : null;
    }

    /// <summary>True when the folder exists and holds a finished file (not a dot-named partial one).</summary>
    public static bool HasFiles(string folder) =>
        Directory.Exists(folder)
        && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(f => !Path.GetFileName(f).StartsWith('.'));
}
