namespace RxAtlas.Acquisition;

internal static class Urls
{
    public static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    public static Uri Base(string configured, string key) =>
        Uri.TryCreate(configured, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? WithTrailingSlash(url)
            : throw new ArgumentException($"Configuration {key} = '{configured}' is not an http(s) URL.", key);

    /// <summary>The URL without its query string, for messages: NHSBSA's short-lived signed zip URLs carry their signature
    /// in the query, which must not end up in logs or in the run history.</summary>
    public static string ForDisplay(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : url.OriginalString;

    /// <summary>The last path segment, percent-decoded (<c>T201008PDPI%20BNFT.CSV</c> → <c>T201008PDPI BNFT.CSV</c>; a <c>+</c> stays).</summary>
    public static string FileName(Uri url) => Uri.UnescapeDataString(url.Segments[^1]).Trim('/');
}
