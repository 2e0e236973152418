using System.Globalization;
using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>NHSBSA BNF Code Information on CKAN: monthly <c>BNF_CODE_CURRENT_YYYYMM_VERSION_NN[_FINAL]</c> resources, and one
/// historic file per year (stored under that year's December). A month without a current-year file uses its year's historic file.</summary>
public sealed partial class BnfUpstream(CkanClient ckan, NhsbsaOptions options) : IUpstreamSource
{
    public const string Slot = "bnf";

    public SourceKind Kind => SourceKind.Bnf;

    public bool NeedsRange => false;

    public async Task<IReadOnlyList<UpstreamFile>> ListAsync(MonthRange? range, CancellationToken cancellationToken)
    {
        var current = (await ckan.PackageResourcesAsync(options.BnfCurrentDatasetId, cancellationToken).ConfigureAwait(false))
            .Select(r => (Key: ParseCurrent(r.Name), Resource: r))
            .Where(p => p.Key is not null)
            .GroupBy(p => p.Key!.Value.Month)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Key!.Value.Final).ThenByDescending(p => p.Key!.Value.Version)
                .ThenByDescending(p => p.Resource.PublishedAt ?? DateTimeOffset.MinValue).First().Resource);
        var historic = (await ckan.PackageResourcesAsync(options.BnfHistoricDatasetId, cancellationToken).ConfigureAwait(false))
            .Select(r => (Key: ParseHistoric(r.Name), Resource: r))
            .Where(p => p.Key is not null)
            .GroupBy(p => p.Key!.Value.Year)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Key!.Value.Version)
                .ThenByDescending(p => p.Resource.PublishedAt ?? DateTimeOffset.MinValue).First().Resource);

        var chosen = new SortedDictionary<YearMonth, CkanResource>();
        if (range is null)
        {
            foreach (var (year, resource) in historic) chosen[new YearMonth(year, 12)] = resource;
            foreach (var (month, resource) in current) chosen[month] = resource;
        }
        else
        {
            foreach (var month in range.Value.Months)
            {
                if (current.TryGetValue(month, out var resource)) chosen[month] = resource;
                else if (historic.TryGetValue(month.Year, out resource)) chosen[new YearMonth(month.Year, 12)] = resource;
            }
        }
        return chosen.Where(p => p.Value.Url is not null).Select(p =>
        {
            var url = new Uri(p.Value.Url!);
            return new UpstreamFile(SourceKind.Bnf, p.Key.ToString(), Slot, Urls.FileName(url), url, p.Value.PublishedAt, p.Value.Size, p.Value.Id, p.Value.Name)
            {
                ListedDateIsCreation = p.Value.LastModified is null && p.Value.Created is not null,
            };
        }).ToList();
    }

    /// <summary>Parses <c>BNF_CODE_CURRENT_202508_VERSION_88_FINAL</c>.</summary>
    public static (YearMonth Month, int Version, bool Final)? ParseCurrent(string name) =>
        CurrentName().Match(name.Trim()) is { Success: true } m && YearMonth.TryParse(m.Groups[1].ValueSpan, out var month)
            ? (month, int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture), m.Groups[3].Success)
            : null;

    /// <summary>Parses a historic resource name such as <c>BNF Code Information - Historic 2020 Version 78</c> or
    /// <c>BNF_CODE_HISTORIC_2020_VERSION_78</c>: the first year 2000–2099 and the version number.</summary>
    public static (int Year, int Version)? ParseHistoric(string name)
    {
        var year = HistoricYear().Match(name);
        if (!year.Success) return null;
        var version = HistoricVersion().Match(name);
        return (int.Parse(year.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
                version.Success ? int.Parse(version.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"^BNF_CODE_CURRENT_(\d{6})_VERSION_(\d+)(_FINAL)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrentName();

    [GeneratedRegex(@"(?<!\d)(20\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex HistoricYear();

    [GeneratedRegex(@"VERSION[ _-]*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HistoricVersion();
}
