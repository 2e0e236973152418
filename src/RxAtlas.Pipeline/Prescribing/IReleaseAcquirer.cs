using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Brings one month's release (and any reference files) into the lake's raw zone. Must be idempotent: a file
/// already in the lake with the same content is left alone.</summary>
/// <remarks><see cref="DirectoryAcquirer"/> copies from a local folder; the internet fetcher plugs in here too.</remarks>
public interface IReleaseAcquirer
{
    Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken);
}

/// <summary>One file now in the lake.</summary>
/// <param name="Source">The raw-zone source folder (<see cref="LakeSources"/>).</param>
/// <param name="LakePath">Where it is in the lake.</param>
/// <param name="Copied">False when an identical file (same SHA-256) was already there.</param>
public sealed record AcquiredFile(string Source, string LakePath, bool Copied);

/// <summary>What an acquisition found and copied.</summary>
public sealed record AcquisitionResult(IReadOnlyList<AcquiredFile> Files)
{
    public static AcquisitionResult None { get; } = new([]);

    /// <summary>Files that were new or changed.</summary>
    public int Copied => Files.Count(f => f.Copied);

    /// <summary>Prescribing files (EPD or PDPI, with ADDR/CHEM) that were new or changed: a new or corrected release.</summary>
    public int PrescribingCopied => Files.Count(f => f.Copied && LakeSources.Prescribing.Contains(f.Source));
}
