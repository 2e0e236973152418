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
    /// <param name="completedFile">The finished temporary file; it must be in the entry's lake folder.</param>
    public LakeEntry Commit(string completedFile, LakeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var target = PathFor(entry);
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(completedFile)), Path.GetDirectoryName(target), StringComparison.Ordinal))
        {
            throw new ArgumentException("A lake file must be committed from a temporary file in its own folder.", nameof(completedFile));
        }
        var replaced = Entries(entry.Source, entry.Period).Where(e => e.Slot == entry.Slot && e.FileName != entry.FileName).ToList();
        File.Move(completedFile, target, overwrite: true);
        WriteManifest(entry);
        foreach (var old in replaced)
        {
            File.Delete(PathFor(old));
            File.Delete(ManifestPathFor(old.Source, old.Period, old.FileName));
        }
        return entry;
    }

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
        File.WriteAllText(temp, JsonSerializer.Serialize(entry, ManifestJson));
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
