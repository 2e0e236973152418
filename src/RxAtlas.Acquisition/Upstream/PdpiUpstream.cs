using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>NHS Digital's legacy practice level prescribing files (Aug 2010 → ~2019), scraped from the month's publication page:
/// <c>T{YYYYMM}PDPI BNFT.csv</c>, <c>…ADDR BNFT.csv</c>, <c>…CHEM SUBS.csv</c> (space, <c>%20</c> or <c>+</c>; any case),
/// or a monthly zip such as <c>2018_01_Jan.zip</c> when the page has no individual files.</summary>
public sealed partial class PdpiUpstream(UpstreamHttp http, Uri baseUrl, NhsDigitalOptions options) : IUpstreamSource
{
    public const string PrescribingSlot = "prescribing";
    public const string AddressesSlot = "addresses";
    public const string ChemicalsSlot = "chemicals";
    public const string ZipSlot = "monthly-zip";

    public SourceKind Kind => SourceKind.Pdpi;

    public bool NeedsRange => true;

    public async Task<IReadOnlyList<UpstreamFile>> ListAsync(MonthRange? range, CancellationToken cancellationToken)
    {
        if (range is null) return [];
        var files = new List<UpstreamFile>();
        foreach (var month in range.Value.Months)
        {
            var page = PublicationPage.PageUrl(baseUrl, options.PrescribingSeriesPath, month);
            var html = await http.GetPageAsync(page, cancellationToken).ConfigureAwait(false);
            if (html is null) continue;
            files.AddRange(FilesOnPage(month, html, page));
        }
        return files;
    }

    /// <summary>The month's files linked from its publication page: the individual files, else the monthly zip.</summary>
    public static IReadOnlyList<UpstreamFile> FilesOnPage(YearMonth month, string html, Uri pageUrl)
    {
        var individual = new Dictionary<string, UpstreamFile>();
        UpstreamFile? zip = null;
        foreach (var (url, name) in PublicationPage.Links(html, pageUrl))
        {
            if (IndividualFile().Match(name) is { Success: true } m)
            {
                if (!YearMonth.TryParse(m.Groups["month"].ValueSpan, out var fileMonth) || fileMonth != month) continue;
                var slot = m.Groups["kind"].Value.ToUpperInvariant() switch
                {
                    "PDPI" => PrescribingSlot,
                    "ADDR" => AddressesSlot,
                    _ => ChemicalsSlot,
                };
                individual.TryAdd(slot, new UpstreamFile(SourceKind.Pdpi, month.ToString(), slot, name, url, null, null, Title: name));
            }
            else if (zip is null && MonthlyZip().Match(name) is { Success: true } z
                     && YearMonth.TryParse(z.Groups["year"].Value + z.Groups["month"].Value, out var zipMonth) && zipMonth == month)
            {
                zip = new UpstreamFile(SourceKind.Pdpi, month.ToString(), ZipSlot, name, url, null, null, Title: name);
            }
        }
        if (individual.ContainsKey(PrescribingSlot)) return [.. individual.Values.OrderBy(f => f.Slot, StringComparer.Ordinal)];
        return zip is null ? [.. individual.Values] : [zip];
    }

    [GeneratedRegex(@"^T(?<month>\d{6})\s*(?<kind>PDPI|ADDR|CHEM)[\s+_]*(?:BNFT|SUBS)\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IndividualFile();

    [GeneratedRegex(@"^(?<year>\d{4})_(?<month>\d{2})_\w*\.zip$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthlyZip();
}
