using RxAtlas.Acquisition;
using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Acquires from the internet: RxAtlas.Acquisition fetches the month's release, its practice list sizes and the
/// current reference files into the lake's raw zone, resuming and verifying downloads. Files already in the lake unchanged
/// are not fetched again. A failed download or listing fails the task (naming the file or source); nothing partial reaches
/// the lake. A month for which a monthly source publishes nothing (list sizes not out yet, say) is not a failure.</summary>
public sealed class FetchingAcquirer : IReleaseAcquirer
{
    private readonly SourceCatalog _catalog;
    private readonly IReadOnlySet<SourceKind> _sources;
    private readonly IProgress<DownloadProgress>? _progress;

    // Months acquired at once (backfill --parallel) share files — ODS `current`, a year's historic BNF file — and their part
    // files in the lake: two downloads of one file at once would fight over its part file. Fetches take turns.
    private readonly SemaphoreSlim _oneFetchAtATime = new(1, 1);

    public FetchingAcquirer(SourceCatalog catalog, IReadOnlySet<SourceKind>? sources = null, IProgress<DownloadProgress>? progress = null)
    {
        _catalog = catalog;
        _sources = sources ?? SourceKinds.All.ToHashSet();
        _progress = progress;
    }

    public Task<AcquisitionResult> AcquireAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken) =>
        FetchAsync(month, lake, _sources, log, cancellationToken);

    public Task<AcquisitionResult> AcquireListSizesAsync(YearMonth month, Lake lake, Action<string> log, CancellationToken cancellationToken) =>
        _sources.Contains(SourceKind.ListSize)
            ? FetchAsync(month, lake, new HashSet<SourceKind> { SourceKind.ListSize }, log, cancellationToken)
            : Task.FromResult(AcquisitionResult.None);

    private async Task<AcquisitionResult> FetchAsync(YearMonth month, Lake lake, IReadOnlySet<SourceKind> sources, Action<string> log,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(Path.GetFullPath(_catalog.Lake.Root), lake.Root, StringComparison.Ordinal))
            throw new InvalidOperationException($"The fetcher writes to {_catalog.Lake.Root} but the DAG reads {lake.Root}.");
        FetchReport report;
        await _oneFetchAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            report = await _catalog.FetchAsync(month, sources, _progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneFetchAtATime.Release();
        }
        foreach (var note in report.Notes) log(note);
        foreach (var missing in report.NotPublished) log($"{missing.Source.Folder()} {missing.Month}: not published upstream (yet).");
        foreach (var file in report.Files) log($"{file.Source.Folder()}/{file.Period}/{file.FileName}: {file.Status}{(file.Error is null ? "" : " — " + file.Error)}");
        if (!report.Succeeded)
        {
            // A listing that failed is as much a failure as a download that did: carrying on would skip the month as
            // "not published yet" (or load it without its reference files) and look like success.
            throw new InvalidOperationException($"Fetching {month} failed: " + string.Join("; ",
                [.. report.Notes, .. report.Failed.Select(f => $"{f.Source.Folder()}/{f.Period}/{f.FileName}: {f.Error}")]));
        }
        return new AcquisitionResult(
        [
            .. report.Files.Where(f => f.Entry is not null).Select(f =>
                new AcquiredFile(f.Source.Folder(), _catalog.Lake.PathFor(f.Entry!), f.Status is FetchStatus.New or FetchStatus.Changed)),
        ]);
    }
}
