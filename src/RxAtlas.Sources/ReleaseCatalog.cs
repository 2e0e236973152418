using RxAtlas.Core;

namespace RxAtlas.Sources;

/// <summary>Finds the releases in a set of files and folders: prescribing files grouped by month (with that month's address
/// file), and reference files (BNF codes, postcode lookups, ODS epraccur) that apply to every month.</summary>
public static class ReleaseCatalog
{
    /// <summary>Scans <paramref name="paths"/> (files or folders, searched recursively), detecting each file's layout from its
    /// name and header. Nothing is loaded yet: each month is read when its <see cref="IMonthRelease.ReadPrescribing"/> runs.</summary>
    /// <remarks>A problem that belongs to one month (two prescribing or address files for it, or a file whose name dates it
    /// that cannot be opened, such as a truncated zip) does not stop the scan: that month becomes an
    /// <see cref="UnreadableRelease"/>, which fails when loaded, and the other months load.</remarks>
    /// <exception cref="DataFormatException">A file whose layout cannot be recognised and whose name gives no month.</exception>
    public static ReleaseSet Scan(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var prescribing = new SortedDictionary<YearMonth, SourceFile>();
        var addresses = new Dictionary<YearMonth, SourceFile>();
        var chemicals = new Dictionary<YearMonth, SourceFile>();
        var problems = new Dictionary<YearMonth, (string Files, DataFormatException Problem)>();
        var ignored = new List<string>();
        var reference = new List<string>();
        var listSizes = new List<string>();
        void Add(IDictionary<YearMonth, SourceFile> byMonth, YearMonth month, SourceFile file, string what)
        {
            if (byMonth.TryGetValue(month, out var first))
            {
                problems.TryAdd(month, ($"{first.DisplayName} + {file.DisplayName}", new DataFormatException(file.DisplayName, 0, null,
                    $"a second {what} file for {month}; {first.DisplayName} is already that month's. Keep one file per month")));
            }
            else
            {
                byMonth.Add(month, file);
            }
        }

        // The generator's manifest.json named among the files (gen/*.json) is skipped with a note, as a folder scan skips it.
        var given = paths.ToList();
        var manifests = given.Where(IsGeneratorManifest).ToList();
        foreach (var manifest in manifests) ignored.Add($"{manifest}: the sample generator's manifest, not a source file");
        foreach (var found in Detect(given.Except(manifests)))
        {
            var file = found.File;
            if (found.Problem is { } problem)
            {
                problems.TryAdd(found.NameMonth!.Value, (file.DisplayName, problem));
                continue;
            }
            switch (found.Kind)
            {
                case SourceKind.PdpiPrescribing or SourceKind.EpdPrescribing:
                    Add(prescribing, found.NameMonth ?? FirstRowMonth(file), file, "prescribing");
                    break;
                case SourceKind.Addresses:
                    Add(addresses, found.NameMonth ?? AddressMonth(file), file, "address");
                    break;
                case SourceKind.ChemicalSubstances:
                    if (found.NameMonth is { } chemMonth) Add(chemicals, chemMonth, file, "chemical substance");
                    else ignored.Add($"{file.DisplayName}: a chemical substance file needs its month in its name (T201911CHEM SUBS.csv)");
                    break;
                case SourceKind.ListSizes:
                    listSizes.Add(file.DisplayName);
                    break;
                default:
                    reference.Add(file.DisplayName);
                    break;
            }
        }
        var months = prescribing.Keys.Union(problems.Keys).Order()
            .Select(month => problems.TryGetValue(month, out var p)
                ? new UnreadableRelease(month, p.Files, p.Problem)
                : (IMonthRelease)new MonthRelease(month, prescribing[month], addresses.GetValueOrDefault(month), chemicals.GetValueOrDefault(month)))
            .ToList();
        foreach (var (month, file) in addresses.Concat(chemicals).Where(f => !prescribing.ContainsKey(f.Key) && !problems.ContainsKey(f.Key)).OrderBy(f => f.Key))
            ignored.Add($"{file.DisplayName}: no prescribing file for {month} to go with it (a month's addresses load with its prescribing)");
        return new ReleaseSet(months, reference) { ListSizeFiles = listSizes, Ignored = ignored };
    }

    private static bool IsGeneratorManifest(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(path) && SourceDetector.IsGeneratorManifest(new SourceFile(path, null));

    /// <summary>Every readable file under <paramref name="paths"/>, expanded (zip entries) and recognised.</summary>
    internal static IEnumerable<DetectedSource> Detect(IEnumerable<string> paths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in DetectAll(paths))
        {
            // The same file reached twice (a folder and a file inside it) is one source, not two.
            if (seen.Add(Path.GetFullPath(found.File.Path) + "!" + found.File.Entry)) yield return found;
        }
    }

    private static IEnumerable<DetectedSource> DetectAll(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(SourceFile.IsReadableName).Order(StringComparer.Ordinal))
                {
                    foreach (var found in DetectFile(file, inFolder: true)) yield return found;
                }
            }
            else
            {
                foreach (var found in DetectFile(path, inFolder: false)) yield return found;
            }
        }
    }

    /// <summary>The sources of one file; when it cannot be opened or recognised and its name dates it, one source carrying
    /// the problem for that month (other problems are thrown).</summary>
    private static List<DetectedSource> DetectFile(string path, bool inFolder)
    {
        try
        {
            var found = new List<DetectedSource>();
            foreach (var source in SourceFile.Expand(path))
            {
                // A folder may hold unrelated JSON (manifests, caches): only postcodes.io responses are taken from it.
                if (inFolder && source.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !SourceDetector.IsPostcodesIoResponse(source)) continue;
                found.Add(SourceDetector.Detect(source));
            }
            return found;
        }
        catch (DataFormatException problem) when (SourceDetector.MonthFromName(path) is { } month)
        {
            return [new DetectedSource(new SourceFile(path, null), SourceDetector.KindFromName(path) ?? SourceKind.EpdPrescribing, null, month) { Problem = problem }];
        }
    }

    private static YearMonth FirstRowMonth(SourceFile file)
    {
        var reader = new PrescribingReader(file);
        using (var rows = reader.Read().GetEnumerator())
        {
            if (!rows.MoveNext()) throw new DataFormatException(file.DisplayName, 0, null, "the file has no data rows to take the month from");
        }
        return reader.Month;
    }

    private static YearMonth AddressMonth(SourceFile file)
    {
        var reader = new AddressReader(file);
        using (var rows = reader.Read().GetEnumerator()) rows.MoveNext();
        return reader.Month;
    }
}

/// <summary>The months found, oldest first, plus the month-independent reference files.</summary>
public sealed record ReleaseSet(IReadOnlyList<IMonthRelease> Months, IReadOnlyList<string> ReferenceFiles)
{
    /// <summary>Patient list-size files (<see cref="SourceKind.ListSizes"/>), in scan order.</summary>
    public IReadOnlyList<string> ListSizeFiles { get; init; } = [];

    /// <summary>Files recognised but not used, each with why (an address file for a month with no prescribing file).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>Reads every list-size file, grouped by month (each row's <c>EXTRACT_DATE</c>, or <paramref name="month"/>
    /// for every row when given), oldest month first, practices in code order.</summary>
    /// <remarks>Where two files give the same practice and month (a totals file and a quinary file), the earlier file in
    /// <see cref="ListSizeFiles"/> wins.</remarks>
    /// <exception cref="DataFormatException">A malformed file.</exception>
    public IReadOnlyList<MonthListSizes> ReadListSizes(YearMonth? month = null)
    {
        var byMonth = new SortedDictionary<YearMonth, SortedDictionary<string, PracticeListSize>>();
        foreach (var path in ListSizeFiles)
        {
            foreach (var size in ListSizeReader.Read(SourceFile.Open(path), month))
            {
                if (!byMonth.TryGetValue(size.Month, out var practices)) byMonth.Add(size.Month, practices = new(StringComparer.Ordinal));
                practices.TryAdd(size.PracticeCode, size);
            }
        }
        return [.. byMonth.Select(m => new MonthListSizes(m.Key, [.. m.Value.Values]))];
    }

    /// <summary>Reads every reference file (BNF codes, postcode lookups, epraccur, GP practice maps) into one batch for the
    /// dimensions.</summary>
    /// <remarks>Where two files describe the same practice, presentation or postcode, the later file in
    /// <see cref="ReferenceFiles"/> fills only the gaps the earlier left.</remarks>
    public ReferenceData ReadReference()
    {
        var practices = new Dictionary<string, PracticeRecord>(StringComparer.Ordinal);
        var bnf = new Dictionary<string, BnfRecord>(StringComparer.Ordinal);
        var postcodes = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        void AddPractice(PracticeRecord record) =>
            practices[record.PracticeCode] = practices.TryGetValue(record.PracticeCode, out var known) ? known.FilledFrom(record) : record;
        foreach (var path in ReferenceFiles)
        {
            var found = SourceDetector.Detect(SourceFile.Open(path));
            switch (found.Kind)
            {
                case SourceKind.BnfCodes:
                    foreach (var record in BnfCodeReader.Read(found.File)) bnf.TryAdd(record.PresentationCode, record);
                    break;
                case SourceKind.Epraccur:
                    foreach (var record in EpraccurReader.Read(found.File)) AddPractice(record);
                    break;
                case SourceKind.PracticeMap:
                    foreach (var record in PracticeMapReader.Read(found.File)) AddPractice(record);
                    break;
                case SourceKind.PostcodeLookup:
                    foreach (var location in PostcodeLookupReader.Read(found.File)) postcodes.TryAdd(location.Postcode, location);
                    break;
                case SourceKind.PostcodesIoJson:
                    foreach (var location in PostcodesIoResponseReader.Read(found.File)) postcodes.TryAdd(location.Postcode, location);
                    break;
                default:
                    throw new DataFormatException(found.File.DisplayName, 0, null, $"a {found.Kind} file is not reference data");
            }
        }
        return new ReferenceData([.. practices.Values], [.. bnf.Values], [.. postcodes.Values]);
    }
}

/// <summary>One month's practice list sizes, ready for <c>IWarehouse.LoadListSizesAsync</c>.</summary>
public sealed record MonthListSizes(YearMonth Month, IReadOnlyList<PracticeListSize> Sizes);
