using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>NHSBSA's English Prescribing Dataset on CKAN: the retired <c>EPD_YYYYMM</c> set (to Jun 2025) and the
/// <c>EPD_SNOMED_YYYYMM</c> set (from Nov 2020), newest resource per month, the SNOMED set preferred where both have it.</summary>
public sealed partial class EpdUpstream(CkanClient ckan, NhsbsaOptions options) : IUpstreamSource
{
    public const string Slot = "prescribing";

    public SourceKind Kind => SourceKind.Epd;

    public bool NeedsRange => false;

    public async Task<IReadOnlyList<UpstreamFile>> ListAsync(MonthRange? range, CancellationToken cancellationToken)
    {
        var snomed = Newest(await ckan.PackageResourcesAsync(options.EpdSnomedDatasetId, cancellationToken).ConfigureAwait(false));
        var retired = Newest(await ckan.PackageResourcesAsync(options.EpdDatasetId, cancellationToken).ConfigureAwait(false));
        var chosen = new SortedDictionary<YearMonth, CkanResource>(retired);
        foreach (var (month, resource) in snomed) chosen[month] = resource;
        return chosen
            .Where(p => range is null || range.Value.Contains(p.Key))
            .Where(p => p.Value.Url is not null)
            .Select(p => ToFile(p.Key, p.Value))
            .ToList();
    }

    /// <summary>The month a resource name stands for (<c>EPD_201401</c>, <c>EPD_SNOMED_202607</c>), or null.</summary>
    public static YearMonth? MonthOf(string resourceName) =>
        ResourceName().Match(resourceName.Trim()) is { Success: true } m && YearMonth.TryParse(m.Groups[1].ValueSpan, out var month) ? month : null;

    private static Dictionary<YearMonth, CkanResource> Newest(IEnumerable<CkanResource> resources) =>
        resources
            .Select(r => (Month: MonthOf(r.Name), Resource: r))
            .Where(p => p.Month is not null)
            .GroupBy(p => p.Month!.Value)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Resource.PublishedAt ?? DateTimeOffset.MinValue).First().Resource);

    private UpstreamFile ToFile(YearMonth month, CkanResource resource)
    {
        var url = new Uri(resource.Url!);
        return new UpstreamFile(SourceKind.Epd, month.ToString(), Slot, Urls.FileName(url), url, resource.PublishedAt, resource.Size, resource.Id, resource.Name)
        {
            ResolveDownloadUrl = options.PreferZip ? token => ResolveZipAsync(resource.Id, url, token) : null,
            ListedDateIsCreation = resource.LastModified is null && resource.Created is not null,
        };
    }

    /// <summary>Asks <c>resource_show</c> for a freshly signed zip URL (they expire in about an hour); the CSV URL when there is none.</summary>
    private async Task<Uri> ResolveZipAsync(string resourceId, Uri csvUrl, CancellationToken cancellationToken)
    {
        var resource = await ckan.ResourceShowAsync(resourceId, cancellationToken).ConfigureAwait(false);
        return resource.ZipUrl is { } zip && Uri.TryCreate(zip, UriKind.Absolute, out var url) ? url : csvUrl;
    }

    [GeneratedRegex(@"^EPD_(?:SNOMED_)?(\d{6})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
