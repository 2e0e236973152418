using RxAtlas.Core;

namespace RxAtlas.Sources;

/// <summary>Finds the releases in a set of files and folders: prescribing files grouped by month (with that month's address
/// file), and reference files (BNF codes, postcode lookups, ODS epraccur) that apply to every month.</summary>
public static class ReleaseCatalog
{
    /// <summary>Scans <paramref name="paths"/> (files or folders, searched recursively), detecting each file's layout from its
    /// name and header. Nothing is loaded yet: each month is read when its <see cref="IMonthRelease.ReadPrescribing"/> runs.</summary>
    /// <exception cref="DataFormatException">A file whose layout cannot be recognised, or two prescribing files for one month.</exception>
    public static ReleaseSet Scan(IEnumerable<string> paths) => throw new NotImplementedException("ReleaseCatalog.Scan is being written");
}

/// <summary>The months found, oldest first, plus the month-independent reference files.</summary>
public sealed record ReleaseSet(IReadOnlyList<IMonthRelease> Months, IReadOnlyList<string> ReferenceFiles)
{
    /// <summary>Reads every reference file (BNF codes, postcode lookups, epraccur) into one batch for the dimensions.</summary>
    public ReferenceData ReadReference() => throw new NotImplementedException("ReleaseSet.ReadReference is being written");
}
