using RxAtlas.Core;
using RxAtlas.Sources;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Acquires from a local folder (<c>--from-dir</c>): copies the month's prescribing files and any reference files
/// into the lake unchanged, skipping those already there with the same SHA-256.</summary>
/// <remarks>
/// Files are recognised by name (<see cref="SourceFileClassifier"/>); a CSV or zip whose name we do not know is offered to
/// <see cref="ReleaseCatalog.Scan"/>, which recognises prescribing files by header. Prescribing files of other months are
/// ignored, as are dot-named files. A reference file goes to the month its name dates it to, else to <c>current</c>.
/// List-size files (<c>gp-reg-pat-prac-all.csv</c>; no month in the name) are per month like prescribing: the month is
/// their folder's name when it is <c>YYYY-MM</c> (the generator's and the lake's layout), else their <c>EXTRACT_DATE</c>.
/// The folder is the month's source: when it holds prescribing files for the month, prescribing files of that month in the
/// lake that it does not hold (a wrong file copied earlier, say) are moved out of the raw zone to
/// <c>withdrawn/&lt;source&gt;/&lt;month&gt;/</c>, kept but no longer read.
/// </remarks>
public sealed class DirectoryAcquirer : IReleaseAcquirer
{
    private readonly string _folder;

    /// <summary>Acquires from <paramref name="folder"/>, which must exist: a missing folder fails here, before any run starts,
    /// rather than as a task failure (and, should it vanish later, the task's failure is not worth retrying).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public DirectoryAcquirer(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        ThrowIfMissing();
    }

    public async Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(log);
        ThrowIfMissing();
        var files = new List<AcquiredFile>();
        foreach (var path in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (name.StartsWith('.')) continue;
            var kind = SourceFileClassifier.Classify(name) ?? ClassifyByContent(path);
            if (kind is not var (source, fileMonth))
            {
                log($"Ignored {name}: not a file of any known source.");
                continue;
            }

            if (source == LakeSources.ListSize)
            {
                fileMonth ??= ListSizeMonth(path);
                if (fileMonth != month) continue;
            }
            var prescribing = LakeSources.Prescribing.Contains(source);
            if (prescribing && fileMonth != month) continue;
            var period = fileMonth?.ToString() ?? LakeSources.CurrentPeriod;
            var target = Path.Combine(lake.RawFolder(source, period), name);
            var copied = await LakeFiles.CopyIfChangedAsync(path, target, cancellationToken).ConfigureAwait(false);
            log(copied ? $"Copied {name} to {target}." : $"{name} is already in the lake unchanged.");
            files.Add(new AcquiredFile(source, target, copied));
        }

        var current = files.Where(f => LakeSources.Prescribing.Contains(f.Source)).Select(f => f.LakePath).ToHashSet(StringComparer.Ordinal);
        return new AcquisitionResult(files, current.Count == 0 ? [] : Withdraw(month, lake, current, log));
    }

    /// <summary>Moves the month's prescribing files that are not in <paramref name="current"/> out of the raw zone.</summary>
    private static List<string> Withdraw(YearMonth month, Lake lake, HashSet<string> current, Action<string> log)
    {
        var withdrawn = new List<string>();
        foreach (var source in LakeSources.Prescribing)
        {
            var folder = lake.RawFolder(source, month);
            if (!Directory.Exists(folder)) continue;
            foreach (var path in Directory.EnumerateFiles(folder).Where(p => !Path.GetFileName(p).StartsWith('.') && !current.Contains(p)).Order(StringComparer.Ordinal))
            {
                var target = Path.Combine(lake.Root, "withdrawn", source, month.ToString(), Path.GetFileName(path));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(path, target, overwrite: true);
                log($"Withdrew {Path.GetFileName(path)}: the source folder has no such file for {month}; it is kept at {target}.");
                withdrawn.Add(target);
            }
        }
        return withdrawn;
    }

    private void ThrowIfMissing()
    {
        if (!Directory.Exists(_folder)) throw new DirectoryNotFoundException($"The source folder {_folder} does not exist.");
    }

    /// <summary>The month a list-size file is for: its folder's <c>YYYY-MM</c> name, else its first row's extract date.</summary>
    private static YearMonth? ListSizeMonth(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path));
        if (folder is { Length: 7 } && YearMonth.TryParse(folder, null, out var month)) return month;
        try
        {
            return ListSizeReader.Read(path) is [var first, ..] ? first.Month : null;
        }
        catch (DataFormatException)
        {
            return null;
        }
    }

    private static (string, YearMonth?)? ClassifyByContent(string path)
    {
        if (Path.GetExtension(path).ToUpperInvariant() is not (".CSV" or ".ZIP")) return null;
        try
        {
            var found = ReleaseCatalog.Scan([path]);
            if (found.Months is not [var release]) return null;
            var source = release.Description.Contains("PDPI", StringComparison.OrdinalIgnoreCase) ? LakeSources.Pdpi : LakeSources.Epd;
            return (source, release.Month);
        }
        catch (DataFormatException)
        {
            return null;
        }
    }
}
