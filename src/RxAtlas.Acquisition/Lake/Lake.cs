using System.Text.Json;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>The lake's raw zone: every downloaded file stored unchanged under <c>raw/&lt;source&gt;/&lt;YYYY-MM|current&gt;/&lt;name&gt;</c>,
/// each described by a JSON manifest under <c>manifest/&lt;source&gt;/&lt;period&gt;/&lt;name&gt;.json</c>.</summary>
/// <remarks>
/// Files only ever appear by atomic rename of a finished, verified temporary file in the same folder. Temporary files start
/// with a dot (<c>.&lt;name&gt;.part</c>) so a scan of <see cref="RawRoot"/> should skip names starting with <c>.</c>.
/// A file without a manifest is treated as absent (it is fetched again and replaced).
/// </remarks>
public sealed class Lake
{
    /// <summary>The period folder of files that are not per month (ODS epraccur).</summary>
    public const string CurrentPeriod = "current";

    internal const string RawFolder = "raw";
    internal const string ManifestFolder = "manifest";
    internal const string JournalFolder = "journal";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    public Lake(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public static Lake FromOptions(AcquisitionOptions options) => new(options.Lake.Root);

    public string Root { get; }

    /// <summary>The raw zone, the folder to scan for releases.</summary>
    public string RawRoot => Path.Combine(Root, RawFolder);

    /// <summary>The period folder name of a month (<c>2019-11</c>), or <see cref="CurrentPeriod"/> for null.</summary>
    public static string PeriodOf(YearMonth? month) => month?.ToString() ?? CurrentPeriod;

    public string FolderFor(SourceKind source, string period) => Path.Combine(RawRoot, source.Folder(), CheckName(period));

    public string PathFor(SourceKind source, string period, string fileName) => Path.Combine(FolderFor(source, period), CheckName(fileName));

    public string PathFor(LakeEntry entry) => PathFor(entry.Source, entry.Period, entry.FileName);

    /// <summary>The resumable partial download of a file: kept across runs until the download completes.</summary>
    public string PartPathFor(SourceKind source, string period, string fileName) =>
        Path.Combine(FolderFor(source, period), "." + CheckName(fileName) + ".part");

    /// <summary>Every file in the lake (optionally of one source and period) whose manifest and bytes are both present.</summary>
    public IReadOnlyList<LakeEntry> Entries(SourceKind? source = null, string? period = null)
    {
        Recover();
        var manifests = Path.Combine(Root, ManifestFolder);
        if (!Directory.Exists(manifests)) return [];
        var folder = source is null ? manifests : Path.Combine(manifests, source.Value.Folder());
        if (source is not null && period is not null) folder = Path.Combine(folder, CheckName(period));
        if (!Directory.Exists(folder)) return [];
        var entries = new List<LakeEntry>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            var entry = ReadManifest(file);
            if (entry is null || (period is not null && entry.Period != period)) continue;
            if (File.Exists(PathFor(entry))) entries.Add(entry);
        }
        return entries.OrderBy(e => e.Source).ThenBy(e => e.Period, StringComparer.Ordinal).ThenBy(e => e.FileName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The file currently filling <paramref name="slot"/> of a source's period, or null.</summary>
    public LakeEntry? Find(SourceKind source, string period, string slot) =>
        Entries(source, period).Where(e => e.Slot == slot).OrderByDescending(e => e.FetchedAt).FirstOrDefault();

    /// <summary>The month's own files: its prescribing file(s) (EPD, or PDPI/ADDR/CHEM or the monthly zip) and list sizes.</summary>
    public IReadOnlyList<LakeEntry> ForMonth(YearMonth month) =>
        [.. Entries(SourceKind.Epd, month.ToString()), .. Entries(SourceKind.Pdpi, month.ToString()), .. Entries(SourceKind.ListSize, month.ToString())];

    /// <summary>The BNF code file that best describes <paramref name="month"/> (<see cref="BnfPeriods.Choose"/>); null when the
    /// lake has none.</summary>
    public LakeEntry? BnfFor(YearMonth month)
    {
        var files = Entries(SourceKind.Bnf)
            .Select(e => (Month: YearMonth.TryParse(e.Period, out var m) ? m : (YearMonth?)null, Entry: e))
            .Where(p => p.Month is not null)
            .Select(p => (Month: p.Month!.Value, p.Entry))
            .ToList();
        return BnfPeriods.Choose(files.Select(p => p.Month), month) is { } chosen ? files.First(p => p.Month == chosen).Entry : null;
    }

    /// <summary>Moves a finished, verified download into place (atomic rename within its folder), writes its manifest, and
    /// removes any other file of the same slot (a republished file under a new name).</summary>
    /// <remarks>Crash-safe: the intent (new manifest, part file, files to remove) is written to <c>journal/</c> and flushed to
    /// disk before the first change and deleted after the last. A commit interrupted at any point (a crash, a kill, a failed
    /// delete) is finished by the next access to the lake (<see cref="Recover"/>): it rolls forward when the new bytes are
    /// whole (still in the part file, or already in place), else back. Either way the slot ends with one file and the
    /// manifest that describes it.</remarks>
    /// <param name="completedFile">The finished temporary file; it must be in the entry's lake folder.</param>
    /// <exception cref="IOException">Another process is committing the same slot.</exception>
    public LakeEntry Commit(string completedFile, LakeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var target = PathFor(entry);
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(completedFile)), Path.GetDirectoryName(target), StringComparison.Ordinal))
        {
            throw new ArgumentException("A lake file must be committed from a temporary file in its own folder.", nameof(completedFile));
        }
        var replaced = Entries(entry.Source, entry.Period).Where(e => e.Slot == entry.Slot && e.FileName != entry.FileName).Select(e => e.FileName).ToList();
        var intent = new CommitIntent(entry, Path.GetFileName(completedFile), replaced);
        FlushToDisk(completedFile); // the journal may only promise bytes that are on disk
        using var journal = CommitJournal.Begin(JournalPathFor(entry), intent);
        AfterCommitStep?.Invoke(CommitStep.JournalWritten);
        Apply(intent);
        journal.Complete(); // a failure before this leaves the journal for the next access to finish
        return entry;
    }

    /// <summary>Finishes or undoes commits that were interrupted (by a crash, a kill or a failure part-way), so each slot holds
    /// one file with the manifest that describes it. Runs on every <see cref="Entries"/> and <see cref="Commit"/>; a commit
    /// still running in another process is left alone.</summary>
    /// <returns>One line per repair, for the log (empty when there was nothing to do).</returns>
    /// <exception cref="IOException">A repair failed (a file that cannot be moved or deleted); the journal is kept.</exception>
    public IReadOnlyList<string> Recover()
    {
        var folder = Path.Combine(Root, JournalFolder);
        if (!Directory.Exists(folder)) return [];
        var repairs = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).ToList())
        {
            if (Path.GetFileName(path).StartsWith('.'))
            {
                DeleteUnlessHeld(path); // a journal cut short before it was renamed into place: nothing had changed yet
                continue;
            }
            if (CommitJournal.OpenAbandoned(path) is not var (held, intent)) continue;
            using (held)
            {
                try
                {
                    repairs.Add(intent?.Entry is null || intent.PartFileName is null || intent.Replaced is null
                        ? $"{path}: an interrupted commit's journal was incomplete (nothing had changed yet); removed it."
                        : Repair(intent));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new IOException($"The lake could not finish an interrupted commit ({path}): {e.Message} Fix the cause; the next access tries again.", e);
                }
            }
            File.Delete(path); // repeating a repair is harmless, should another process open the journal in between
        }
        return repairs;
    }

    /// <summary>Test hook: called after each step of <see cref="Commit"/> (throw from it to simulate a crash there).</summary>
    internal Action<CommitStep>? AfterCommitStep { get; set; }

    /// <summary>Rolls an abandoned commit forward when its new bytes are whole, else back.</summary>
    private string Repair(CommitIntent intent)
    {
        var entry = intent.Entry;
        var part = Path.Combine(FolderFor(entry.Source, entry.Period), CheckName(intent.PartFileName));
        var target = PathFor(entry);
        var whole = File.Exists(part) ? Holds(part, entry) : File.Exists(target) && Holds(target, entry);
        if (!whole)
        {
            // Nothing was moved into place (the part file is gone or not the verified bytes): the slot still has its old file
            // and manifest. The part file, if any, has no resume state and is discarded by the next download.
            return $"{entry.RelativePath}: an interrupted commit was rolled back (the new bytes are not whole); the slot keeps what it had.";
        }
        Apply(intent);
        return $"{entry.RelativePath}: an interrupted commit was finished (file, manifest{(intent.Replaced.Count > 0 ? ", replaced " + string.Join(", ", intent.Replaced) : "")}).";
    }

    /// <summary>The steps of a commit, each safe to repeat: move the part file in (when it is still there), write the manifest,
    /// remove the slot's other files and their manifests.</summary>
    private void Apply(CommitIntent intent)
    {
        var entry = intent.Entry;
        var part = Path.Combine(FolderFor(entry.Source, entry.Period), CheckName(intent.PartFileName));
        if (File.Exists(part)) File.Move(part, PathFor(entry), overwrite: true);
        AfterCommitStep?.Invoke(CommitStep.FileMoved);
        WriteManifest(entry);
        AfterCommitStep?.Invoke(CommitStep.ManifestWritten);
        foreach (var old in intent.Replaced)
        {
            File.Delete(PathFor(entry.Source, entry.Period, old));
            File.Delete(ManifestPathFor(entry.Source, entry.Period, old));
            AfterCommitStep?.Invoke(CommitStep.OldFileRemoved);
        }
    }

    private static bool Holds(string path, LakeEntry entry)
    {
        if (new FileInfo(path).Length != entry.Size) return false;
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)) == entry.Sha256;
    }

    private static void FlushToDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        file.Flush(flushToDisk: true);
    }

    private static void DeleteUnlessHeld(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None)) { }
            File.Delete(path);
        }
        catch (IOException)
        {
            // held by a commit that is writing it now
        }
    }

    private string JournalPathFor(LakeEntry entry) =>
        Path.Combine(Root, JournalFolder, $"{entry.Source.Folder()}.{CheckName(entry.Period)}.{CheckName(entry.Slot)}.json");

    /// <summary>Records new upstream metadata for a file whose bytes did not change (same checksum).</summary>
    public LakeEntry Touch(LakeEntry entry)
    {
        WriteManifest(entry);
        return entry;
    }

    private string ManifestPathFor(SourceKind source, string period, string fileName) =>
        Path.Combine(Root, ManifestFolder, source.Folder(), CheckName(period), CheckName(fileName) + ".json");

    private void WriteManifest(LakeEntry entry)
    {
        var path = ManifestPathFor(entry.Source, entry.Period, entry.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, entry, ManifestJson);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static LakeEntry? ReadManifest(string path)
    {
        if (Path.GetFileName(path).StartsWith('.')) return null;
        try
        {
            return JsonSerializer.Deserialize<LakeEntry>(File.ReadAllText(path), ManifestJson);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, 0, null, $"the lake manifest is not valid JSON ({e.Message}).");
        }
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a valid lake file or folder name.", nameof(name));
        }
        return name;
    }
}
