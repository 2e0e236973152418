using System.Globalization;
using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>NHS Digital "Patients Registered at a GP Practice", scraped from the month's publication page: the practice totals
/// file <c>gp-reg-pat-prac-all*.csv</c>, else the quinary-age file <c>gp-reg-pat(ients)-prac-quin-age*.csv|zip</c>, and beside
/// it the same publication's practice map <c>gp-reg-pat-prac-map*.csv</c> (each practice's sub-ICB location, ICB and region,
/// codes and names) in its own slot, <see cref="PracticeMapSlot"/>. Older publications link no map: the month's list sizes are
/// listed alone (<see cref="MonthsWithoutMap"/>).</summary>
public sealed partial class ListSizeUpstream(UpstreamHttp http, Uri baseUrl, NhsDigitalOptions options) : IUpstreamSource
{
    public const string Slot = "listsize";

    /// <summary>The slot of the publication's practice map (<c>gp-reg-pat-prac-map.csv</c>), beside the list sizes' own in
    /// <c>raw/listsize/YYYY-MM</c>.</summary>
    public const string PracticeMapSlot = "practice-map";

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
            if (html is not null) files.AddRange(FilesOnPage(month, html, page));
        }
        return files;
    }

    /// <summary>The month's files linked from its publication page: the best list-size file and, when the page links one, the
    /// practice map (the highest <c>_vN</c> correction when several are linked). A page without a list-size file gives nothing:
    /// a map alone does not make the month's list sizes published.</summary>
    public static IReadOnlyList<UpstreamFile> FilesOnPage(YearMonth month, string html, Uri pageUrl)
    {
        var links = PublicationPage.Links(html, pageUrl);
        var best = links.FirstOrDefault(l => PracticeTotals().IsMatch(l.FileName));
        if (best.Url is null) best = links.FirstOrDefault(l => QuinaryAge().IsMatch(l.FileName));
        if (best.Url is null) return [];
        var sizes = new UpstreamFile(SourceKind.ListSize, month.ToString(), Slot, best.FileName, best.Url, null, null, Title: best.FileName);
        var map = links.Where(l => PracticeMap().IsMatch(l.FileName)).OrderByDescending(l => MapVersion(l.FileName)).FirstOrDefault();
        return map.Url is null
            ? [sizes]
            : [sizes, new UpstreamFile(SourceKind.ListSize, month.ToString(), PracticeMapSlot, map.FileName, map.Url, null, null, Title: map.FileName)];
    }

    /// <summary>The months of <paramref name="files"/> (a list-size listing) whose publication links list sizes but no
    /// practice map, oldest first.</summary>
    public static IReadOnlyList<string> MonthsWithoutMap(IEnumerable<UpstreamFile> files)
    {
        var listed = files.Where(f => f.Source == SourceKind.ListSize).ToList();
        return
        [
            .. listed.Where(f => f.Slot == Slot).Select(f => f.Period)
                .Except(listed.Where(f => f.Slot == PracticeMapSlot).Select(f => f.Period), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>Why a month without a map still loads, for the listing's and the fetch's notes.</summary>
    public static string NoMapNote(string period) =>
        $"listsize {period}: the publication links no practice map (gp-reg-pat-prac-map); the list sizes are fetched alone and "
        + "practices' ICB and sub-ICB names come only from the month's other files.";

    private static int MapVersion(string fileName) =>
        MapCorrection().Match(fileName) is { Success: true } m ? int.Parse(m.Groups["v"].ValueSpan, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^gp-reg-pat-prac-all.*\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PracticeTotals();

    [GeneratedRegex(@"^gp-reg-pat(?:ients)?-prac-quin-age.*\.(?:csv|zip)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuinaryAge();

    [GeneratedRegex(@"^gp-reg-pat-prac-map.*\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PracticeMap();

    [GeneratedRegex(@"_v(?<v>\d{1,3})\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MapCorrection();
}
