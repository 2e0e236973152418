using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Polly;

namespace RxAtlas.Acquisition;

/// <summary>Streams a remote file to a <c>.part</c> file on disk, resuming with HTTP <c>Range</c> requests after an interruption,
/// retrying transient failures with exponential backoff and jitter, checking the length the server announced, and opening
/// zips' central directories before anyone may commit them.</summary>
/// <remarks>The <c>.part</c> file survives failures and restarts (its validator sits beside it in <c>.part.json</c>), so the
/// next attempt or run resumes from where the last one stopped.</remarks>
public sealed class Downloader
{
    private readonly HttpClient _http;
    private readonly DownloadOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly Action<string>? _log;

    public Downloader(HttpClient http, DownloadOptions options, Action<string>? log = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log;
        _retry = RetryPolicy.Create(options, (e, attempt, delay) => log?.Invoke($"retry {attempt} in {delay.TotalSeconds:0.###}s after: {e.Message}"));
    }

    /// <summary>Asks for a remote file's size and last-modified date with <c>HEAD</c>; null when the server does not answer HEAD.</summary>
    public async Task<RemoteFileInfo?> ProbeAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(_options.ResponseTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Head, url);
                try
                {
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    if (TransientHttpException.IsTransient(response.StatusCode)) throw TransientHttpException.FromResponse(url, response, _options);
                    if (!response.IsSuccessStatusCode) return null;
                    return new RemoteFileInfo(response.Content.Headers.ContentLength, response.Content.Headers.LastModified, response.Headers.ETag?.Tag);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    throw new TimeoutException($"{Urls.ForDisplay(url)} did not answer HEAD within {_options.ResponseTimeout}.");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RetryPolicy.IsTransient(e, cancellationToken))
        {
            return null; // HEAD is only a hint; the download itself will retry and fail loudly
        }
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="partPath"/>.</summary>
    public Task<DownloadedFile> DownloadAsync(Uri url, string partPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, long? expectedLength = null, ListedVersion? listed = null) =>
        DownloadAsync(_ => Task.FromResult(url), partPath, progress, cancellationToken, expectedLength, listed);

    /// <summary>Downloads into <paramref name="partPath"/> from a URL resolved afresh before every attempt (for short-lived
    /// signed URLs), resuming what is already there.</summary>
    /// <param name="resolveUrl">Gives the URL to use for the next attempt.</param>
    /// <param name="partPath">The temporary file; its folder is created if needed. Left in place when the download fails.</param>
    /// <param name="progress">Receives bytes, total and speed.</param>
    /// <param name="cancellationToken">Stops the download, keeping the part file.</param>
    /// <param name="expectedLength">The size the publisher listed for the bytes at this URL, used when the server announces no
    /// length of its own: the body must then be exactly this long (a shorter body is resumed, a longer one fails). A server's
    /// Content-Length governs over it, since a listing's size can be stale.</param>
    /// <param name="listed">The listing's identity of the file; a part file started under another identity is discarded.</param>
    /// <exception cref="RxAtlas.Core.DataFormatException">The file is a truncated or corrupt zip (the part file is deleted).</exception>
    /// <exception cref="UpstreamException">A permanent refusal (4xx), an HTML page instead of data, or a length mismatch that
    /// retrying cannot cure.</exception>
    public async Task<DownloadedFile> DownloadAsync(
        Func<CancellationToken, Task<Uri>> resolveUrl,
        string partPath,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken,
        long? expectedLength = null,
        ListedVersion? listed = null) =>
        (await DownloadCoreAsync(resolveUrl, partPath, null, progress, cancellationToken, expectedLength, listed).ConfigureAwait(false))!;

    /// <summary>Like <see cref="DownloadAsync(Func{CancellationToken, Task{Uri}}, string, IProgress{DownloadProgress}?, CancellationToken, long?, ListedVersion?)"/>,
    /// but a fresh start is a conditional GET (<c>If-None-Match</c> with the ETag, <c>If-Modified-Since</c> with the date):
    /// null when the server answers <c>304 Not Modified</c> (nothing is written). A part file already begun is resumed as
    /// usual (its own validator goes in <c>If-Range</c>). A server that ignores the condition sends the whole file.</summary>
    /// <param name="validators">What the server said about the bytes already held.</param>
    public Task<DownloadedFile?> DownloadIfChangedAsync(
        Func<CancellationToken, Task<Uri>> resolveUrl,
        string partPath,
        RemoteValidators validators,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken,
        long? expectedLength = null,
        ListedVersion? listed = null)
    {
        ArgumentNullException.ThrowIfNull(validators);
        return DownloadCoreAsync(resolveUrl, partPath, validators, progress, cancellationToken, expectedLength, listed);
    }

    private async Task<DownloadedFile?> DownloadCoreAsync(
        Func<CancellationToken, Task<Uri>> resolveUrl,
        string partPath,
        RemoteValidators? ifChanged,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken,
        long? expectedLength,
        ListedVersion? listed)
    {
        ArgumentNullException.ThrowIfNull(resolveUrl);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(partPath))!);
        var (url, response) = await _retry.RunAsync(
            (budget, token) => AttemptAsync(resolveUrl, partPath, progress, expectedLength, listed, ifChanged, budget, token),
            cancellationToken).ConfigureAwait(false);
        if (response.NotModified) return null;

        var fileName = DisplayName(partPath);
        if (StartsLikeHtml(partPath))
        {
            Discard(partPath);
            throw new UpstreamException(url, null, "the body is an HTML page (it starts with <!DOCTYPE or <html), not the data file; nothing stored.");
        }
        var isZip = ZipVerifier.LooksLikeZip(partPath);
        if (isZip || url.AbsolutePath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                ZipVerifier.Verify(partPath, Uri.UnescapeDataString(url.Segments[^1]));
            }
            catch
            {
                Discard(partPath);
                throw;
            }
            isZip = true;
        }
        var size = new FileInfo(partPath).Length;
        var sha = await Sha256Async(partPath, cancellationToken).ConfigureAwait(false);
        PartState.Delete(partPath);
        progress?.Report(new DownloadProgress(fileName, size, size, 0, Completed: true));
        return new DownloadedFile(partPath, size, sha, response.LastModified, response.FileName, isZip, url, response.ETag);
    }

    /// <summary>The file a part file stands for: <c>.EPD_202401.csv.part</c> → <c>EPD_202401.csv</c>.</summary>
    public static string DisplayName(string partPath)
    {
        var name = Path.GetFileName(partPath);
        if (name.EndsWith(".part", StringComparison.Ordinal)) name = name[..^".part".Length];
        return name.Length > 1 && name[0] == '.' ? name[1..] : name;
    }

    /// <summary>Deletes a part file and its validator.</summary>
    public static void Discard(string partPath)
    {
        File.Delete(partPath);
        PartState.Delete(partPath);
    }

    private async Task<(Uri Url, ResponseFacts Facts)> AttemptAsync(
        Func<CancellationToken, Task<Uri>> resolveUrl,
        string partPath,
        IProgress<DownloadProgress>? progress,
        long? expectedLength,
        ListedVersion? listed,
        RemoteValidators? ifChanged,
        RetryBudget budget,
        CancellationToken token)
    {
        var url = await resolveUrl(token).ConfigureAwait(false);
        var state = PartState.Load(partPath);
        var existing = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
        if (existing > 0 && state.ETag is null && state.LastModified is null)
        {
            // Without a validator an If-Range cannot be sent, so a 206 could splice a revised file onto the old bytes.
            _log?.Invoke($"{DisplayName(partPath)}: the partial download ({existing:N0} bytes) has no ETag or Last-Modified to resume it safely; starting again.");
            Discard(partPath);
            (state, existing) = (PartState.Empty, 0);
        }
        else if (existing > 0 && listed is not null && state.Listed != listed)
        {
            _log?.Invoke($"{DisplayName(partPath)}: the listing changed since the partial download ({existing:N0} bytes) was started; starting again.");
            Discard(partPath);
            (state, existing) = (PartState.Empty, 0);
        }
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
        attempt.CancelAfter(_options.ResponseTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
            if (state.ETag is { } etag) request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue(etag));
            else if (state.LastModified is { } modified) request.Headers.IfRange = new RangeConditionHeaderValue(modified);
        }
        else if (ifChanged is not null)
        {
            if (ifChanged.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
            if (ifChanged.LastModified is { } since) request.Headers.IfModifiedSince = since;
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            var facts = new ResponseFacts(response.Content.Headers.LastModified, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'),
                response.Headers.ETag?.ToString() ?? state.ETag);
            if (response.StatusCode == HttpStatusCode.NotModified && existing == 0 && ifChanged is not null)
            {
                return (url, facts with { NotModified = true });
            }
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                var whole = response.Content.Headers.ContentRange?.Length ?? state.Total ?? expectedLength;
                if (whole == existing) return (url, facts with { LastModified = facts.LastModified ?? state.LastModified });
                Discard(partPath);
                throw new IOException($"{Urls.ForDisplay(url)} refused to resume at byte {existing}; starting again.");
            }
            if (TransientHttpException.IsTransient(response.StatusCode)) throw TransientHttpException.FromResponse(url, response, _options);
            if (!response.IsSuccessStatusCode) throw new UpstreamException(url, response.StatusCode, $"answered {(int)response.StatusCode} {response.StatusCode}.");
            if (response.Content.Headers.ContentType?.MediaType is { } media && IsHtml(media))
            {
                throw new UpstreamException(url, response.StatusCode, $"answered {(int)response.StatusCode} with an HTML page (Content-Type {media}), not the data file; nothing stored.");
            }

            long? total;
            FileMode mode;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != existing)
                {
                    Discard(partPath);
                    throw new IOException($"{Urls.ForDisplay(url)} resumed at byte {range?.From} instead of {existing}; starting again.");
                }
                total = range.Length ?? state.Total;
                mode = FileMode.Append;
            }
            else
            {
                existing = 0;
                total = response.Content.Headers.ContentLength;
                mode = FileMode.Create;
                state = new PartState(response.Headers.ETag?.Tag, response.Content.Headers.LastModified, total, listed);
            }
            if (mode == FileMode.Create) state.Save(partPath);
            // The server's own length governs (a listing's size can be stale); the listed size stands in only when the server
            // gives none, so a body cut short with no Content-Length is caught instead of committed.
            total ??= expectedLength;

            var received = await CopyAsync(response, partPath, mode, existing, total, progress, budget, attempt, token).ConfigureAwait(false);
            if (total is { } tooShort && received > tooShort)
            {
                Discard(partPath);
                throw new UpstreamException(url, response.StatusCode, $"sent {received:N0} bytes, more than the {tooShort:N0} expected; nothing stored.");
            }
            if (total is { } announced && received != announced)
            {
                throw new IOException($"{Urls.ForDisplay(url)} ended at byte {received:N0} of {announced:N0} expected; will resume.");
            }
            return (url, facts with { LastModified = facts.LastModified ?? state.LastModified });
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw new TimeoutException($"{Urls.ForDisplay(url)} stalled (no answer within {_options.ResponseTimeout} or no data for {_options.ReadIdleTimeout}); will resume.");
        }
    }

    private async Task<long> CopyAsync(
        HttpResponseMessage response,
        string partPath,
        FileMode mode,
        long existing,
        long? total,
        IProgress<DownloadProgress>? progress,
        RetryBudget budget,
        CancellationTokenSource attempt,
        CancellationToken token)
    {
        var fileName = DisplayName(partPath);
        var buffer = new byte[Math.Max(4096, _options.BufferSize)];
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long thisAttempt = 0;
        await using var body = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
        await using var file = new FileStream(partPath, mode, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        while (true)
        {
            attempt.CancelAfter(_options.ReadIdleTimeout);
            var n = await body.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
            if (n == 0) break;
            await file.WriteAsync(buffer.AsMemory(0, n), token).ConfigureAwait(false);
            thisAttempt += n;
            budget.Progress = Math.Max(budget.Progress, existing + thisAttempt);
            if (progress is not null && clock.Elapsed - lastReport >= _options.ProgressInterval)
            {
                lastReport = clock.Elapsed;
                progress.Report(new DownloadProgress(fileName, existing + thisAttempt, total, thisAttempt / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
            }
        }
        await file.FlushAsync(token).ConfigureAwait(false);
        return existing + thisAttempt;
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    private static bool IsHtml(string mediaType) =>
        mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the file starts (after an optional UTF-8 BOM and whitespace) with <c>&lt;!DOCTYPE</c> or <c>&lt;html</c>.</summary>
    internal static bool StartsLikeHtml(string path)
    {
        var head = new byte[1024];
        int n;
        using (var file = File.OpenRead(path)) n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var text = System.Text.Encoding.ASCII.GetString(span).TrimStart(' ', '\t', '\r', '\n', '\f');
        return text.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <param name="NotModified">The server answered 304 to a conditional GET: the bytes already held are current.</param>
    private sealed record ResponseFacts(DateTimeOffset? LastModified, string? FileName, string? ETag, bool NotModified = false);

    /// <summary>The validator of a part file (ETag / Last-Modified / total) and the listing's identity of the file when it was
    /// started, so a later attempt or run resumes only the same version.</summary>
    private sealed record PartState(string? ETag, DateTimeOffset? LastModified, long? Total, ListedVersion? Listed = null)
    {
        public static readonly PartState Empty = new(null, null, null);

        private static string PathOf(string partPath) => partPath + ".json";

        public static PartState Load(string partPath)
        {
            var path = PathOf(partPath);
            if (!File.Exists(path) || !File.Exists(partPath)) return Empty;
            try
            {
                return JsonSerializer.Deserialize<PartState>(File.ReadAllText(path)) ?? Empty;
            }
            catch (JsonException)
            {
                return Empty;
            }
        }

        public void Save(string partPath) => File.WriteAllText(PathOf(partPath), JsonSerializer.Serialize(this));

        public static void Delete(string partPath) => File.Delete(PathOf(partPath));
    }
}
