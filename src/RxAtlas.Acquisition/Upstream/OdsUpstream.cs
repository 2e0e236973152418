namespace RxAtlas.Acquisition;

/// <summary>The ODS Data Search and Export predefined report (<c>{base}/api/getReport?report=epraccur</c>): current only,
/// refreshed nightly, no publication date, so freshness is decided by checksum after download.</summary>
public sealed class OdsUpstream(Uri baseUrl, OdsOptions options) : IUpstreamSource
{
    public SourceKind Kind => SourceKind.Ods;

    public bool NeedsRange => false;

    public Task<IReadOnlyList<UpstreamFile>> ListAsync(MonthRange? range, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, "api/getReport?report=" + Uri.EscapeDataString(options.Report));
        IReadOnlyList<UpstreamFile> files = [new UpstreamFile(SourceKind.Ods, Lake.CurrentPeriod, options.Report, options.Report + ".csv", url, null, null, options.Report, options.Report)];
        return Task.FromResult(files);
    }
}
