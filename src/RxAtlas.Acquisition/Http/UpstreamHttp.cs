using System.Net;
using System.Text.Json;
using Polly;

namespace RxAtlas.Acquisition;

/// <summary>Small API and page requests (CKAN JSON, publication pages, postcodes.io) with retries and a per-attempt timeout.</summary>
public sealed class UpstreamHttp
{
    private readonly HttpClient _http;
    private readonly DownloadOptions _options;
    private readonly ResiliencePipeline _retry;

    public UpstreamHttp(HttpClient http, DownloadOptions options)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _retry = RetryPolicy.Create(options);
    }

    public HttpClient Client => _http;

    public DownloadOptions Options => _options;

    /// <summary>Sends a fresh request per attempt and reads the answer within the attempt's timeout. 5xx/408/429 answers,
    /// timeouts and dropped connections are retried; 404 is given to <paramref name="read"/> when
    /// <paramref name="notFoundIsAnswer"/>; any other failure status throws <see cref="UpstreamException"/>.
    /// <paramref name="beforeSend"/> runs before every attempt (a rate limiter).</summary>
    public Task<T> SendAsync<T>(
        Func<HttpRequestMessage> request,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken,
        bool notFoundIsAnswer = false,
        Func<CancellationToken, ValueTask>? beforeSend = null) =>
        _retry.RunAsync(async (_, token) =>
        {
            if (beforeSend is not null) await beforeSend(token).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_options.ResponseTimeout);
            using var message = request();
            try
            {
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var url = message.RequestUri!;
                if (TransientHttpException.IsTransient(response.StatusCode)) throw TransientHttpException.FromResponse(url, response, _options);
                if (!response.IsSuccessStatusCode && !(notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound))
                {
                    throw new UpstreamException(url, response.StatusCode, $"answered {(int)response.StatusCode} {response.StatusCode}.");
                }
                return await read(response, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"{message.RequestUri} did not answer within {_options.ResponseTimeout}.");
            }
        }, cancellationToken);

    /// <summary>GETs a JSON document (an API answer).</summary>
    public Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url),
            async (response, token) =>
            {
                await using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                try
                {
                    return await JsonDocument.ParseAsync(stream, cancellationToken: token).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    throw new UpstreamException($"{url}: the answer is not JSON ({e.Message}).", e);
                }
            },
            cancellationToken);

    /// <summary>GETs a page's text; null when the page does not exist (404).</summary>
    public Task<string?> GetPageAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync<string?>(
            () => new HttpRequestMessage(HttpMethod.Get, url),
            async (response, token) => response.StatusCode == HttpStatusCode.NotFound
                ? null
                : await response.Content.ReadAsStringAsync(token).ConfigureAwait(false),
            cancellationToken,
            notFoundIsAnswer: true);
}
