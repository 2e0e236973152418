using System.Net;

namespace RxAtlas.Acquisition;

/// <summary>An upstream answered with a status worth retrying (5xx, 408, 429).</summary>
/// <param name="retryAfter">How long the server asked to wait (<c>Retry-After</c>), when it did.</param>
public sealed class TransientHttpException(Uri url, HttpStatusCode status, TimeSpan? retryAfter = null)
    : Exception($"{Urls.ForDisplay(url)} answered {(int)status} {status}{(retryAfter is { } wait ? $" (Retry-After {wait.TotalSeconds:0.###} s)" : "")}.")
{
    public Uri Url { get; } = url;

    public HttpStatusCode Status { get; } = status;

    /// <summary>The wait the server asked for, honoured as the next retry's delay.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>The exception for a transient answer: a <see cref="TransientHttpException"/> carrying its Retry-After
    /// (delta-seconds or HTTP-date), or, when the server asks to wait longer than <see cref="DownloadOptions.MaxRetryDelay"/>,
    /// an <see cref="UpstreamException"/> saying so (not retried).</summary>
    internal static Exception FromResponse(Uri url, HttpResponseMessage response, DownloadOptions options)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        var status = response.StatusCode;
        if (wait is { } asked && asked > options.MaxRetryDelay)
        {
            return new UpstreamException(url, status,
                $"answered {(int)status} {status} and asked to be retried after {asked.TotalSeconds:0.###} s (Retry-After: {header}), longer than Download:MaxRetryDelay ({options.MaxRetryDelay.TotalSeconds:0.###} s); not retried.");
        }
        return new TransientHttpException(url, status, wait);
    }
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
