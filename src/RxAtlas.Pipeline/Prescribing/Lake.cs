using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>The data lake on disk. Raw files are kept unchanged under <c>&lt;root&gt;/raw/&lt;source&gt;/&lt;YYYY-MM&gt;/</c>.</summary>
public sealed class Lake
{
    public Lake(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The raw-zone folder of one source for one month (it may not exist yet).</summary>
    public string RawFolder(string source, YearMonth month) => Path.Combine(Root, "raw", source, month.ToString());

    /// <summary>Months for which the source has a non-empty raw folder, oldest first.</summary>
    public IReadOnlyList<YearMonth> RawMonths(string source)
    {
        var folder = Path.Combine(Root, "raw", source);
        if (!Directory.Exists(folder)) return [];
        return
        [
            .. Directory.EnumerateDirectories(folder)
                .Where(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any())
                .Select(d => YearMonth.TryParse(Path.GetFileName(d), null, out var month) ? month : (YearMonth?)null)
                .OfType<YearMonth>()
                .Order(),
        ];
    }

    /// <summary>The folder a reference source should be read from for <paramref name="month"/>: its newest release no later
    /// than the month, else (for months older than any file kept) its oldest; null when the source has none.</summary>
    public string? ReferenceFolder(string source, YearMonth month)
    {
        var months = RawMonths(source);
        if (months.Count == 0) return null;
        var chosen = months.LastOrDefault(m => m <= month, months[0]);
        return RawFolder(source, chosen);
    }
}
