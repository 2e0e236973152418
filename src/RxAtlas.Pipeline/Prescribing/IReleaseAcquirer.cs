using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Brings one month's release (and any reference files) into the lake's raw zone. Must be idempotent: a file
/// already in the lake with the same content is left alone.</summary>
/// <remarks><see cref="DirectoryAcquirer"/> copies from a local folder; the internet fetcher plugs in here too.</remarks>
public interface IReleaseAcquirer
{
    Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken);

    /// <summary>Brings only the month's practice list sizes into the lake (nothing else is looked at or copied): how
    /// <c>backfill</c> looks for list sizes published after their month was loaded (<see cref="PrescribingDag.ListSizesArrivedAsync"/>).
    /// None published (yet) is not a failure.</summary>
    Task<AcquisitionResult> AcquireListSizesAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken);
}

/// <summary>One file now in the lake.</summary>
/// <param name="Source">The raw-zone source folder (<see cref="LakeSources"/>).</param>
/// <param name="LakePath">Where it is in the lake.</param>
/// <param name="Copied">False when an identical file (same SHA-256) was already there.</param>
public sealed record AcquiredFile(string Source, string LakePath, bool Copied);

/// <summary>What an acquisition found and copied.</summary>
/// <param name="Files">The files found for the month, copied or already in the lake.</param>
/// <param name="Withdrawn">Prescribing files of the month moved out of the raw zone because the source no longer has them
/// (their new place under <c>withdrawn/</c>).</param>
public sealed record AcquisitionResult(IReadOnlyList<AcquiredFile> Files, IReadOnlyList<string>? Withdrawn = null)
{
    public static AcquisitionResult None { get; } = new([]);

    /// <summary>Files that were new or changed, or withdrawn: what staging reads is not what it was.</summary>
    public int Copied => Files.Count(f => f.Copied) + (Withdrawn?.Count ?? 0);

    /// <summary>Prescribing files (EPD or PDPI, with ADDR/CHEM) that were new, changed or withdrawn: a new or corrected release.</summary>
    public int PrescribingCopied => Files.Count(f => f.Copied && LakeSources.Prescribing.Contains(f.Source)) + (Withdrawn?.Count ?? 0);
}
