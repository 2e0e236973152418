using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RxAtlas.TestSupport.Fakes;

/// <summary>A request the fake upstream received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Range, string Body);

/// <summary>An in-process Kestrel server on 127.0.0.1 standing in for NHSBSA, NHS Digital, ODS and postcodes.io.
/// Routes are matched on path (and, when registered with one, the query string).</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);

    private FakeUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery.TrimStart('/'));

    /// <summary>Registers a handler for a path, or for a path plus exact query (<c>/api/3/action/package_show?id=x</c>).</summary>
    public void Map(string pathAndQuery, Func<HttpContext, Task> handler) => _routes[pathAndQuery] = handler;

    public void MapJson(string pathAndQuery, object body) => Map(pathAndQuery, ctx => WriteJson(ctx, body));

    public void MapText(string pathAndQuery, string text, string contentType = "text/html") =>
        Map(pathAndQuery, async ctx =>
        {
            ctx.Response.ContentType = contentType;
            await ctx.Response.WriteAsync(text);
        });

    /// <summary>Serves bytes with Range support; <paramref name="behaviour"/> misbehaves on chosen requests.</summary>
    public FakeFile MapFile(string path, byte[] content, DateTimeOffset? lastModified = null, string? contentDisposition = null)
    {
        var file = new FakeFile(content, lastModified, contentDisposition);
        Map(path, file.ServeAsync);
        return file;
    }

    private const string BodyKey = "fake-upstream-body";

    /// <summary>The request body the server already read.</summary>
    public static string BodyOf(HttpContext ctx) => (string)ctx.Items[BodyKey]!;

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToList();

    public static async Task WriteJson(HttpContext ctx, object body, int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }
        ctx.Items[BodyKey] = body;
        var path = ctx.Request.Path.Value ?? "/";
        var query = ctx.Request.QueryString.Value ?? "";
        Requests.Enqueue(new RecordedRequest(ctx.Request.Method, path, query, ctx.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null, body));
        if (_routes.TryGetValue(path + query, out var handler) || _routes.TryGetValue(path, out handler))
        {
            await handler(ctx);
            return;
        }
        ctx.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A file served with byte ranges, with switchable misbehaviour.</summary>
public sealed class FakeFile(byte[] content, DateTimeOffset? lastModified, string? contentDisposition)
{
    private int _requests;

    public byte[] Content { get; set; } = content;

    public DateTimeOffset? LastModified { get; set; } = lastModified;

    /// <summary>Answer the first N GET requests with this status.</summary>
    public (int Count, int Status) FailFirst { get; set; }

    /// <summary>On the first N GET requests, send this many bytes then drop the connection.</summary>
    public (int Count, int Bytes) DropFirst { get; set; }

    /// <summary>On the first N GET requests, send nothing until the client gives up.</summary>
    public int StallFirst { get; set; }

    /// <summary>Ignore Range headers (always 200 with the whole file).</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Send no Content-Length (a chunked body whose end is all the client learns of its length).</summary>
    public bool OmitLength { get; set; }

    /// <summary>On the first N GET requests, send only this many bytes of the body and end the response normally
    /// (with <see cref="OmitLength"/>: a truncated body the client cannot tell from a whole one).</summary>
    public (int Count, int Bytes) TruncateFirst { get; set; }

    /// <summary>The Content-Type of the answer.</summary>
    public string ContentType { get; set; } = "application/octet-stream";

    /// <summary>Sent as ETag, and honoured in If-Range, when set.</summary>
    public string? ETag { get; set; }

    /// <summary>Sent as Retry-After with the <see cref="FailFirst"/> answers, when set.</summary>
    public string? RetryAfter { get; set; }

    /// <summary>Answer conditional GETs (If-None-Match, If-Modified-Since) with the whole file, as a server that ignores them.</summary>
    public bool IgnoreConditions { get; set; }

    public int GetCount => _requests;

    /// <summary>Requests answered 304 Not Modified.</summary>
    public int NotModifiedCount => _notModified;

    private int _notModified;

    /// <summary>RFC 9110: If-None-Match (weak comparison) decides when present; else If-Modified-Since against Last-Modified
    /// (to the second).</summary>
    private bool IsNotModified(HttpRequest request)
    {
        var noneMatch = request.Headers.IfNoneMatch.ToString();
        if (noneMatch.Length > 0)
        {
            static string Opaque(string tag) => tag.Trim().StartsWith("W/", StringComparison.Ordinal) ? tag.Trim()[2..] : tag.Trim();
            return ETag is not null && noneMatch.Split(',').Any(t => t.Trim() == "*" || Opaque(t) == Opaque(ETag));
        }
        var since = request.Headers.IfModifiedSince.ToString();
        return since.Length > 0 && LastModified is { } current
            && DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            && current.AddTicks(-(current.Ticks % TimeSpan.TicksPerSecond)) <= date;
    }

    public async Task ServeAsync(HttpContext ctx)
    {
        var n = ctx.Request.Method == "GET" ? Interlocked.Increment(ref _requests) : 0;
        if (n > 0 && n <= FailFirst.Count)
        {
            ctx.Response.StatusCode = FailFirst.Status;
            if (RetryAfter is not null) ctx.Response.Headers.RetryAfter = RetryAfter;
            return;
        }
        if (n > 0 && n <= StallFirst)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        if (LastModified is { } modified) ctx.Response.Headers.LastModified = modified.ToString("R");
        if (contentDisposition is not null) ctx.Response.Headers.ContentDisposition = contentDisposition;
        if (ETag is not null) ctx.Response.Headers.ETag = ETag;
        if (!IgnoreConditions && IsNotModified(ctx.Request))
        {
            Interlocked.Increment(ref _notModified);
            ctx.Response.StatusCode = 304;
            return;
        }
        ctx.Response.Headers.AcceptRanges = "bytes";
        long start = 0;
        var range = ctx.Request.Headers.Range.ToString();
        var ifRange = ctx.Request.Headers.IfRange.ToString();
        var sameVersion = ifRange.Length == 0
            || (ETag is not null && ifRange == ETag)
            || (LastModified is { } current && DateTimeOffset.TryParse(ifRange, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since) && since >= current.AddTicks(-(current.Ticks % TimeSpan.TicksPerSecond)));
        if (!IgnoreRange && sameVersion && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= Content.Length)
            {
                ctx.Response.StatusCode = 416;
                ctx.Response.Headers.ContentRange = $"bytes */{Content.Length}";
                return;
            }
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers.ContentRange = $"bytes {start}-{Content.Length - 1}/{Content.Length}";
        }
        if (!OmitLength) ctx.Response.ContentLength = Content.Length - start;
        ctx.Response.ContentType = ContentType;
        if (ctx.Request.Method == "HEAD") return;
        if (n > 0 && n <= TruncateFirst.Count)
        {
            await ctx.Response.Body.WriteAsync(Content.AsMemory((int)start, (int)Math.Min(TruncateFirst.Bytes, Content.Length - start)));
            return;
        }
        if (n > 0 && n <= DropFirst.Count)
        {
            var count = (int)Math.Min(DropFirst.Bytes, Content.Length - start);
            await ctx.Response.Body.WriteAsync(Content.AsMemory((int)start, count));
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(200); // let the bytes reach the client before the reset discards anything still in flight
            ctx.Abort();
            return;
        }
        await ctx.Response.Body.WriteAsync(Content.AsMemory((int)start));
    }
}
