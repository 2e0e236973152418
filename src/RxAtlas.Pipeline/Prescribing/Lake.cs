using RxAtlas.Acquisition;
using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>The data lake on disk. Raw files are kept unchanged under <c>&lt;root&gt;/raw/&lt;source&gt;/&lt;YYYY-MM|current&gt;/</c>
/// (the layout RxAtlas.Acquisition writes), each described by a manifest under <c>&lt;root&gt;/manifest/</c>. Names starting
/// with a dot are unfinished downloads and are ignored.</summary>
/// <remarks>What a month reads is the lake's <em>current</em> files (<see cref="CurrentFiles"/>), never a whole folder: a
/// folder can hold a replaced file beside its replacement (a monthly zip beside the individual files it replaced, a copy
/// from <c>--from-dir</c> beside a fetched one), and reading both would load a release twice or not at all.</remarks>
public sealed class Lake
{
    public Lake(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Manifests = new RxAtlas.Acquisition.Lake(Root);
    }

    public string Root { get; }

    /// <summary>The same lake as RxAtlas.Acquisition sees it: files with their manifests.</summary>
    public RxAtlas.Acquisition.Lake Manifests { get; }

    /// <summary>The raw-zone folder of one source for one month (it may not exist yet).</summary>
    public string RawFolder(string source, YearMonth month) => RawFolder(source, month.ToString());

    /// <summary>The raw-zone folder of one source for a period: <c>YYYY-MM</c> or <see cref="LakeSources.CurrentPeriod"/>.</summary>
    public string RawFolder(string source, string period) => Path.Combine(Root, "raw", source, period);

    /// <summary>The files of one source's period that a load reads, by the rule the fetch uses
    /// (RxAtlas.Acquisition's <see cref="RxAtlas.Acquisition.CurrentFiles"/>): only files with a manifest, one per slot (the
    /// one fetched or copied last), and a PDPI month's individual files or its monthly zip, whichever came last. In a folder
    /// where no file has a manifest (a lake filled before copies were recorded) the same rule applies to the files as they
    /// are, each given the slot its name implies (<see cref="SourceFileClassifier.Slot"/>) and dated by its last write.
    /// <c>postcodes</c> (no manifests, no slots) is read whole. Empty when the folder has no finished file. Paths are
    /// ordered by name.</summary>
    public IReadOnlyList<string> CurrentFiles(string source, string period)
    {
        var folder = RawFolder(source, period);
        if (!Directory.Exists(folder)) return [];
        if (!SourceKinds.TryParseOne(source, out var kind)) return FinishedFiles(folder);
        if (Manifests.Current(kind, period) is { Count: > 0 } current) return [.. current.Select(Manifests.PathFor).Order(StringComparer.Ordinal)];

        var unrecorded = FinishedFiles(folder).ToDictionary(f => new LakeEntry(kind, period,
            SourceFileClassifier.Slot(source, Path.GetFileName(f)) ?? f, Path.GetRelativePath(folder, f), f, null,
            0, "", new DateTimeOffset(File.GetLastWriteTimeUtc(f), TimeSpan.Zero)));
        return [.. RxAtlas.Acquisition.CurrentFiles.Choose(unrecorded.Keys).Select(e => unrecorded[e]).Order(StringComparer.Ordinal)];
    }

    /// <summary>Months for which the source has current files, oldest first.</summary>
    public IReadOnlyList<YearMonth> RawMonths(string source)
    {
        var folder = Path.Combine(Root, "raw", source);
        if (!Directory.Exists(folder)) return [];
        return
        [
            .. Directory.EnumerateDirectories(folder)
                .Select(d => YearMonth.TryParse(Path.GetFileName(d), null, out var month) ? month : (YearMonth?)null)
                .OfType<YearMonth>()
                .Where(m => CurrentFiles(source, m.ToString()).Count > 0)
                .Order(),
        ];
    }

    /// <summary>The month's prescribing source (EPD preferred over PDPI) and its current files, or null when there is none.</summary>
    public (string Source, IReadOnlyList<string> Files)? PrescribingFiles(YearMonth month)
    {
        foreach (var source in LakeSources.Prescribing)
        {
            var files = CurrentFiles(source, month.ToString());
            if (files.Count > 0) return (source, files);
        }
        return null;
    }

    /// <summary>The folder holding the month's prescribing files (EPD preferred over PDPI), or null when there is none.</summary>
    public string? PrescribingFolder(YearMonth month) =>
        PrescribingFiles(month) is var (source, _) ? RawFolder(source, month) : null;

    /// <summary>The current files a reference source is read from for <paramref name="month"/> (those of
    /// <see cref="ReferencePeriod"/>); empty when the source has none.</summary>
    public IReadOnlyList<string> ReferenceFiles(string source, YearMonth month) =>
        ReferencePeriod(source, month) is { } period ? CurrentFiles(source, period) : [];

    /// <summary>The folder a reference source should be read from for <paramref name="month"/> (<see cref="ReferencePeriod"/>),
    /// or null when the source has none.</summary>
    public string? ReferenceFolder(string source, YearMonth month) =>
        ReferencePeriod(source, month) is { } period ? RawFolder(source, period) : null;

    /// <summary>The period a reference source should be read from for <paramref name="month"/>: for BNF codes the release the
    /// fetch chose too (<see cref="BnfPeriods.Choose"/>: a year's historic file, under December, describes every month of that
    /// year); for the others their newest dated release no later than the month; else the source's <c>current</c> folder,
    /// else its oldest release; null when the source has none.</summary>
    public string? ReferencePeriod(string source, YearMonth month)
    {
        var months = RawMonths(source);
        if (source == LakeSources.Bnf && BnfPeriods.Choose(months, month) is { } bnf) return bnf.ToString();
        var notLater = months.Where(m => m <= month).ToList();
        if (notLater.Count > 0) return notLater[^1].ToString();
        if (CurrentFiles(source, LakeSources.CurrentPeriod).Count > 0) return LakeSources.CurrentPeriod;
        return months.Count > 0 ? months[0].ToString() : null;
    }

    /// <summary>True when the folder exists and holds a finished file (not a dot-named partial one).</summary>
    public static bool HasFiles(string folder) => FinishedFiles(folder).Count > 0;

    /// <summary>Every finished file under the folder (not dot-named), ordered by path; empty when it does not exist.</summary>
    private static IReadOnlyList<string> FinishedFiles(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)]
            : [];
}
