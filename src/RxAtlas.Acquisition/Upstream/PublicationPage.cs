using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>Reads NHS Digital publication pages: the month's page address and the file links on it (files live under random
/// path segments on files.digital.nhs.uk, so they can only be found by scraping).</summary>
public static partial class PublicationPage
{
    /// <summary>The page slug of a month: <c>december-2018</c>.</summary>
    public static string MonthSlug(YearMonth month) =>
        CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month.Month).ToLowerInvariant() + "-" + month.Year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary><c>{base}/{series}/{monthname}-{yyyy}</c>.</summary>
    public static Uri PageUrl(Uri baseUrl, string seriesPath, YearMonth month) =>
        new(Urls.WithTrailingSlash(baseUrl), seriesPath.Trim('/') + "/" + MonthSlug(month));

    /// <summary>Every <c>&lt;a href&gt;</c> on the page resolved against the page address, with its decoded file name, in page order.</summary>
    public static IReadOnlyList<(Uri Url, string FileName)> Links(string html, Uri pageUrl)
    {
        var links = new List<(Uri, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Href().Matches(html))
        {
            var raw = WebUtility.HtmlDecode(m.Groups["d"].Success ? m.Groups["d"].Value : m.Groups["s"].Value).Trim();
            if (raw.Length == 0 || raw.StartsWith('#') || !Uri.TryCreate(pageUrl, raw, out var url)) continue;
            if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) continue;
            if (!seen.Add(url.AbsoluteUri)) continue;
            var name = Urls.FileName(url);
            if (name.Length > 0) links.Add((url, name));
        }
        return links;
    }

    [GeneratedRegex("""<a\b[^>]*?\bhref\s*=\s*(?:"(?<d>[^"]*)"|'(?<s>[^']*)')""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Href();
}
