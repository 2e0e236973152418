using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>NHS Digital "Patients Registered at a GP Practice", scraped from the month's publication page: the practice totals
/// file <c>gp-reg-pat-prac-all*.csv</c>, else the quinary-age file <c>gp-reg-pat(ients)-prac-quin-age*.csv|zip</c>.</summary>
public sealed partial class ListSizeUpstream(UpstreamHttp http, Uri baseUrl, NhsDigitalOptions options) : IUpstreamSource
{
    public const string Slot = "listsize";

    public SourceKind Kind => SourceKind.ListSize;

    public bool NeedsRange => true;

    public async Task<IReadOnlyList<UpstreamFile>> ListAsync(MonthRange? range, CancellationToken cancellationToken)
    {
        if (range is null) return [];
        var files = new List<UpstreamFile>();
        foreach (var month in range.Value.Months)
        {
            var page = PublicationPage.PageUrl(baseUrl, options.ListSizeSeriesPath, month);
            var html = await http.GetPageAsync(page, cancellationToken).ConfigureAwait(false);
            if (html is not null && FileOnPage(month, html, page) is { } file) files.Add(file);
        }
        return files;
    }

    /// <summary>The best list-size file linked from a month's page, or null.</summary>
    public static UpstreamFile? FileOnPage(YearMonth month, string html, Uri pageUrl)
    {
        var links = PublicationPage.Links(html, pageUrl);
        var best = links.FirstOrDefault(l => PracticeTotals().IsMatch(l.FileName));
        if (best.Url is null) best = links.FirstOrDefault(l => QuinaryAge().IsMatch(l.FileName));
        return best.Url is null ? null : new UpstreamFile(SourceKind.ListSize, month.ToString(), Slot, best.FileName, best.Url, null, null, Title: best.FileName);
    }

    [GeneratedRegex(@"^gp-reg-pat-prac-all.*\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PracticeTotals();

    [GeneratedRegex(@"^gp-reg-pat(?:ients)?-prac-quin-age.*\.(?:csv|zip)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuinaryAge();
}
