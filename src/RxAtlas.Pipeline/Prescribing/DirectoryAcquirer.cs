using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.Sources;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Acquires from a local folder (<c>--from-dir</c>): copies the month's prescribing files and any reference files
/// into the lake unchanged, skipping those already there with the same SHA-256.</summary>
/// <remarks>
/// Each copy is recorded as the fetch records a download (<see cref="LakeFiles.CopyAndRecordAsync"/>): a manifest with its
/// SHA-256, size and origin (the local path), in the slot the fetch would give it, replacing any other file of that slot —
/// so <c>rxatlas sources</c> and <c>fetch</c> see it as present, and the pipeline reads it and not an older version beside
/// it. Postcode lookups (not a fetched source) are copied without a manifest.
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
    private readonly TimeProvider _time;

    /// <summary>Acquires from <paramref name="folder"/>, which must exist: a missing folder fails here, before any run starts,
    /// rather than as a task failure (and, should it vanish later, the task's failure is not worth retrying).</summary>
    /// <param name="time">The clock that dates the copies' manifests (<c>FetchedAt</c>); default the system's.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public DirectoryAcquirer(string folder, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        _time = time ?? TimeProvider.System;
        ThrowIfMissing();
    }

    public Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken) =>
        AcquireAsync(month, lake, log, listSizesOnly: false, cancellationToken);

    /// <summary>Copies only the folder's list-size file for the month (its prescribing and reference files are not looked at).</summary>
    public Task<AcquisitionResult> AcquireListSizesAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken) =>
        AcquireAsync(month, lake, log, listSizesOnly: true, cancellationToken);

    private async Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, bool listSizesOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(log);
        ThrowIfMissing();
        var wanted = new List<(string Path, string Source, string Period, string? Slot)>();
        foreach (var path in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (name.StartsWith('.')) continue;
            var kind = SourceFileClassifier.Classify(name) ?? ClassifyByContent(path);
            if (kind is not var (source, fileMonth))
            {
                if (!listSizesOnly) log($"Ignored {name}: not a file of any known source.");
                continue;
            }
            if (listSizesOnly && source != LakeSources.ListSize) continue;

            if (source == LakeSources.ListSize)
            {
                fileMonth ??= ListSizeMonth(path);
                if (fileMonth != month) continue;
            }
            var prescribing = LakeSources.Prescribing.Contains(source);
            if (prescribing && fileMonth != month) continue;
            wanted.Add((path, source, fileMonth?.ToString() ?? LakeSources.CurrentPeriod, SourceFileClassifier.Slot(source, name)));
        }

        var files = new List<AcquiredFile>();
        foreach (var (path, source, period, slot) in OnePerSlot(wanted, log).ToList()) // refused before anything is copied
        {
            var name = Path.GetFileName(path);
            var target = Path.Combine(lake.RawFolder(source, period), name);
            var copied = SourceKinds.TryParseOne(source, out var sourceKind) && slot is not null
                ? await LakeFiles.CopyAndRecordAsync(path, lake.Manifests, sourceKind, period, slot, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                : await LakeFiles.CopyIfChangedAsync(path, target, cancellationToken).ConfigureAwait(false);
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
                // Its manifest goes with it (beside it, as <name>.json), so the lake no longer lists it.
                var manifest = Path.Combine(lake.Root, "manifest", source, month.ToString(), Path.GetFileName(path) + ".json");
                if (File.Exists(manifest)) File.Move(manifest, target + ".json", overwrite: true);
                log($"Withdrew {Path.GetFileName(path)}: the source folder has no such file for {month}; it is kept at {target}.");
                withdrawn.Add(target);
            }
        }
        return withdrawn;
    }

    /// <summary>The files to copy, one per lake slot (a slot holds one file, as for the fetch): of two prescribing files for
    /// the same slot (two PDPI files for the month, say) neither is chosen — the folder is refused, naming both; of two
    /// reference or list-size files for one slot, the first by name is copied (a practice-totals list-size file before a
    /// quinary-age one) and the others are logged as ignored.</summary>
    /// <exception cref="DataFormatException">Two prescribing files for one slot of the month.</exception>
    private static IEnumerable<(string Path, string Source, string Period, string? Slot)> OnePerSlot(
        List<(string Path, string Source, string Period, string? Slot)> wanted, Action<string> log)
    {
        foreach (var group in wanted.GroupBy(w => (w.Source, w.Period, w.Slot)))
        {
            var ordered = group.OrderBy(w => Path.GetFileName(w.Path), StringComparer.Ordinal).ThenBy(w => w.Path, StringComparer.Ordinal).ToList();
            if (group.Key.Slot is null || ordered.Count == 1)
            {
                foreach (var file in group) yield return file;
                continue;
            }
            var (first, others) = (ordered[0], ordered.Skip(1).ToList());
            if (LakeSources.Prescribing.Contains(group.Key.Source))
            {
                throw new DataFormatException(others[0].Path, 0, null,
                    $"a second {group.Key.Source} {group.Key.Slot} file for {group.Key.Period}; {first.Path} is already that month's. Keep one file per month");
            }
            foreach (var other in others) log($"Ignored {other.Path}: {first.Path} is already the {group.Key.Source} {group.Key.Slot} file for {group.Key.Period}.");
            yield return first;
        }
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
