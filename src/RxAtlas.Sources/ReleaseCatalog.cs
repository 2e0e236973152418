using RxAtlas.Core;

namespace RxAtlas.Sources;

/// <summary>Finds the releases in a set of files and folders: prescribing files grouped by month (with that month's address
/// file), and reference files (BNF codes, postcode lookups, ODS epraccur) that apply to every month.</summary>
public static class ReleaseCatalog
{
    /// <summary>Scans <paramref name="paths"/> (files or folders, searched recursively), detecting each file's layout from its
    /// name and header. Nothing is loaded yet: each month is read when its <see cref="IMonthRelease.ReadPrescribing"/> runs.</summary>
    /// <exception cref="DataFormatException">A file whose layout cannot be recognised, or two prescribing files for one month.</exception>
    public static ReleaseSet Scan(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var prescribing = new SortedDictionary<YearMonth, SourceFile>();
        var addresses = new Dictionary<YearMonth, SourceFile>();
        var chemicals = new Dictionary<YearMonth, SourceFile>();
        var reference = new List<string>();
        var listSizes = new List<string>();
        foreach (var found in Detect(paths))
        {
            var file = found.File;
            switch (found.Kind)
            {
                case SourceKind.PdpiPrescribing or SourceKind.EpdPrescribing:
                    AddOnce(prescribing, found.NameMonth ?? FirstRowMonth(file), file, "prescribing");
                    break;
                case SourceKind.Addresses:
                    AddOnce(addresses, found.NameMonth ?? AddressMonth(file), file, "address");
                    break;
                case SourceKind.ChemicalSubstances:
                    if (found.NameMonth is { } chemMonth) AddOnce(chemicals, chemMonth, file, "chemical substance");
                    break;
                case SourceKind.ListSizes:
                    listSizes.Add(file.DisplayName);
                    break;
                default:
                    reference.Add(file.DisplayName);
                    break;
            }
        }
        var months = prescribing
            .Select(p => (IMonthRelease)new MonthRelease(p.Key, p.Value, addresses.GetValueOrDefault(p.Key), chemicals.GetValueOrDefault(p.Key)))
            .ToList();
        return new ReleaseSet(months, reference) { ListSizeFiles = listSizes };
    }

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
                    foreach (var source in SourceFile.Expand(file))
                    {
                        // A folder may hold unrelated JSON (manifests, caches): only postcodes.io responses are taken from it.
                        if (source.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !SourceDetector.IsPostcodesIoResponse(source)) continue;
                        yield return SourceDetector.Detect(source);
                    }
                }
            }
            else
            {
                foreach (var source in SourceFile.Expand(path)) yield return SourceDetector.Detect(source);
            }
        }
    }

    private static void AddOnce(IDictionary<YearMonth, SourceFile> byMonth, YearMonth month, SourceFile file, string what)
    {
        if (byMonth.TryGetValue(month, out var first))
        {
            throw new DataFormatException(file.DisplayName, 0, null,
                $"a second {what} file for {month}; {first.DisplayName} is already that month's. Keep one file per month");
        }
        byMonth.Add(month, file);
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

    /// <summary>Reads every reference file (BNF codes, postcode lookups, epraccur) into one batch for the dimensions.</summary>
    /// <remarks>Where two files describe the same practice, presentation or postcode, the later file in
    /// <see cref="ReferenceFiles"/> fills only the gaps the earlier left.</remarks>
    public ReferenceData ReadReference()
    {
        var practices = new Dictionary<string, PracticeRecord>(StringComparer.Ordinal);
        var bnf = new Dictionary<string, BnfRecord>(StringComparer.Ordinal);
        var postcodes = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        foreach (var path in ReferenceFiles)
        {
            var found = SourceDetector.Detect(SourceFile.Open(path));
            switch (found.Kind)
            {
                case SourceKind.BnfCodes:
                    foreach (var record in BnfCodeReader.Read(found.File)) bnf.TryAdd(record.PresentationCode, record);
                    break;
                case SourceKind.Epraccur:
                    foreach (var record in EpraccurReader.Read(found.File))
                    {
                        practices[record.PracticeCode] = practices.TryGetValue(record.PracticeCode, out var known) ? MonthRelease.Fill(known, record) : record;
                    }
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
