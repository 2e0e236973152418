using System.Net;

namespace RxAtlas.Acquisition;

/// <summary>An upstream answered with a status worth retrying (5xx, 408, 429).</summary>
public sealed class TransientHttpException(Uri url, HttpStatusCode status)
    : Exception($"{Urls.ForDisplay(url)} answered {(int)status} {status}.")
{
    public Uri Url { get; } = url;

    public HttpStatusCode Status { get; } = status;

    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}

/// <summary>An upstream refused a request for good (4xx other than 408/429), or answered with something unusable.</summary>
public sealed class UpstreamException : Exception
{
    public UpstreamException(Uri url, HttpStatusCode? status, string problem)
        : base($"{Urls.ForDisplay(url)}: {problem}")
    {
        Url = url;
        Status = status;
    }

    public UpstreamException() : base("upstream failure") => Url = new Uri("about:blank");

    public UpstreamException(string message) : base(message) => Url = new Uri("about:blank");

    public UpstreamException(string message, Exception inner) : base(message, inner) => Url = new Uri("about:blank");

    public Uri Url { get; }

    public HttpStatusCode? Status { get; }
}
