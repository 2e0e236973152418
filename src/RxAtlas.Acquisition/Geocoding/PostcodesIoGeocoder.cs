using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.RateLimiting;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Geocoding;

/// <summary>Geocodes with postcodes.io: bulk <c>POST {base}/postcodes</c> with a JSON body of at most 100 postcodes, a cap on
/// requests in flight and on requests per second, retries on 5xx/timeouts/dropped connections, and a
/// <c>GET {base}/terminated_postcodes/{postcode}</c> fallback for postcodes the bulk lookup does not know.</summary>
/// <remarks>Answers are cached in the <see cref="IPostcodeCache"/> so each postcode is asked once; each bulk batch's answers
/// are cached as soon as it succeeds. A batch that still fails after its retries fails the whole call
/// (<see cref="UpstreamException"/> / the last transient error) — nothing is skipped — but the batches that succeeded are not
/// asked again by the next try.</remarks>
public sealed class PostcodesIoGeocoder : IGeocoder, IDisposable
{
    private readonly UpstreamHttp _http;
    private readonly PostcodesIoOptions _options;
    private readonly Uri _base;
    private readonly IPostcodeCache _cache;
    private readonly RateLimiter? _rateLimiter;
    private readonly HttpClient? _ownedClient;

    public PostcodesIoGeocoder(HttpClient http, PostcodesIoOptions options, DownloadOptions retries, IPostcodeCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = new UpstreamHttp(http, retries);
        _base = Urls.Base(options.BaseUrl, "Sources:PostcodesIo:BaseUrl");
        _cache = cache ?? new InMemoryPostcodeCache();
        if (options.RequestsPerSecond > 0)
        {
            _rateLimiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / options.RequestsPerSecond),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    /// <summary>A geocoder with its own HTTP client, configured from <paramref name="options"/>.</summary>
    public static PostcodesIoGeocoder Create(AcquisitionOptions options, IPostcodeCache? cache = null)
    {
        var http = SourceCatalog.CreateHttpClient();
        return new PostcodesIoGeocoder(http, options.Sources.PostcodesIo, options.Download, cache, http);
    }

    private PostcodesIoGeocoder(HttpClient http, PostcodesIoOptions options, DownloadOptions retries, IPostcodeCache? cache, HttpClient owned)
        : this(http, options, retries, cache) => _ownedClient = owned;

    /// <summary>Postcodes per request actually used: the configured size, never more than 100.</summary>
    public int BatchSize => Math.Clamp(_options.BatchSize, 1, PostcodesIoOptions.MaxBatchSize);

    public async Task<IReadOnlyList<PostcodeLocation>> GeocodeAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postcodes);
        var wanted = GeocodeResults.Distinct(postcodes);
        var answers = new ConcurrentDictionary<string, PostcodeLocation>(await _cache.GetAsync(wanted.Values, cancellationToken).ConfigureAwait(false));
        var misses = wanted.Where(p => !answers.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var fresh = new ConcurrentBag<PostcodeLocation>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrency), CancellationToken = cancellationToken };

        var unknown = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(misses.Chunk(BatchSize), parallel, async (batch, token) =>
        {
            var found = new List<PostcodeLocation>(batch.Length);
            foreach (var (postcode, location) in await BulkAsync(batch, token).ConfigureAwait(false))
            {
                if (location is null) unknown.Add(postcode);
                else
                {
                    answers[Postcode.Key(postcode)!] = location;
                    found.Add(location);
                }
            }
            // Kept at once: when a later batch fails for good, the next try asks only for what is still missing.
            if (found.Count > 0) await _cache.SetAsync(found, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        await Parallel.ForEachAsync(unknown, parallel, async (postcode, token) =>
        {
            var location = (_options.LookUpTerminated ? await TerminatedAsync(postcode, token).ConfigureAwait(false) : null)
                ?? new PostcodeLocation(postcode, null, null);
            answers[Postcode.Key(postcode)!] = location;
            fresh.Add(location);
        }).ConfigureAwait(false);

        if (!fresh.IsEmpty) await _cache.SetAsync(fresh.ToList(), cancellationToken).ConfigureAwait(false);
        return GeocodeResults.Assemble(postcodes, answers);
    }

    /// <summary>One bulk request: every postcode sent comes back, with null for those postcodes.io does not know.</summary>
    private async Task<List<(string Postcode, PostcodeLocation? Location)>> BulkAsync(string[] batch, CancellationToken cancellationToken)
    {
        if (batch.Length > PostcodesIoOptions.MaxBatchSize) throw new InvalidOperationException("A postcodes.io bulk request may carry at most 100 postcodes.");
        var url = new Uri(_base, "postcodes");
        var byKey = await _http.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { postcodes = batch }) },
            async (response, token) =>
            {
                using var document = await ReadJsonAsync(response, url, token).ConfigureAwait(false);
                var found = new Dictionary<string, PostcodeLocation?>(StringComparer.Ordinal);
                if (!document.RootElement.TryGetProperty("result", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    throw new UpstreamException(url, response.StatusCode, "the bulk answer has no 'result' array.");
                }
                foreach (var item in results.EnumerateArray())
                {
                    var query = item.TryGetProperty("query", out var q) ? q.GetString() : null;
                    if (Postcode.Key(query) is not { } key) continue;
                    found[key] = item.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? Map(Postcode.Normalise(query)!, r) : null;
                }
                return found;
            },
            cancellationToken,
            beforeSend: AcquireAsync).ConfigureAwait(false);

        var answers = new List<(string, PostcodeLocation?)>(batch.Length);
        foreach (var postcode in batch)
        {
            if (!byKey.TryGetValue(Postcode.Key(postcode)!, out var location))
            {
                throw new UpstreamException(url, HttpStatusCode.OK, $"the bulk answer left out {postcode}.");
            }
            answers.Add((postcode, location));
        }
        return answers;
    }

    private Task<PostcodeLocation?> TerminatedAsync(string postcode, CancellationToken cancellationToken)
    {
        var url = new Uri(_base, "terminated_postcodes/" + Uri.EscapeDataString(postcode));
        return _http.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, url),
            async (response, token) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound) return null;
                using var document = await ReadJsonAsync(response, url, token).ConfigureAwait(false);
                return document.RootElement.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object
                    ? new PostcodeLocation(postcode, Number(r, "latitude"), Number(r, "longitude"))
                    : null;
            },
            cancellationToken,
            notFoundIsAnswer: true,
            beforeSend: AcquireAsync);
    }

    /// <summary>Maps a postcodes.io result: coordinates, county (admin county, else district), region, ICB (name) and sub-ICB
    /// (the <c>ccg</c> name and <c>codes.ccg_id</c> ODS code).</summary>
    internal static PostcodeLocation Map(string postcode, JsonElement r)
    {
        JsonElement codes = default;
        var hasCodes = r.TryGetProperty("codes", out codes) && codes.ValueKind == JsonValueKind.Object;
        return new PostcodeLocation(
            postcode,
            Number(r, "latitude"),
            Number(r, "longitude"),
            County: Text(r, "admin_county") ?? Text(r, "admin_district"),
            RegionCode: hasCodes ? Text(codes, "region") : null,
            RegionName: Text(r, "region"),
            IcbCode: hasCodes ? Text(codes, "icb") : null,
            IcbName: Text(r, "icb"),
            SubIcbCode: hasCodes ? Text(codes, "ccg_id") : null,
            SubIcbName: Text(r, "ccg"));
    }

    private async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        if (_rateLimiter is null) return;
        using var lease = await _rateLimiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired) throw new TimeoutException("postcodes.io rate limiter refused a request.");
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, Uri url, CancellationToken token)
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
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public void Dispose()
    {
        _rateLimiter?.Dispose();
        _ownedClient?.Dispose();
    }
}
