using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RxAtlas.Web.Api;

/// <summary>Answers <c>HEAD</c> as <c>GET</c> without the body (RFC 9110 §9.3.2): the request runs as a GET through the whole
/// pipeline — routing, query checks, conditional GET, compression, CSV downloads — into a body that discards what is written,
/// so a HEAD gets exactly the status and headers (<c>ETag</c>, <c>Content-Type</c>, <c>Content-Disposition</c>,
/// <c>Content-Length</c>, <c>Content-Encoding</c>) its GET would, 400 for a bad query included. It must run before routing:
/// the endpoints are mapped for GET only, which keeps one operation per path in the OpenAPI document.</summary>
internal static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            // A 405 (POST to a GET endpoint) lists what is allowed: routing knows the GET, not the HEAD answered here.
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode != StatusCodes.Status405MethodNotAllowed) return Task.CompletedTask;
                var allow = context.Response.Headers.Allow.ToString();
                var methods = allow.Split(',', StringSplitOptions.TrimEntries);
                if (methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head))
                    context.Response.Headers.Allow = allow + ", " + HttpMethods.Head;
                return Task.CompletedTask;
            });
            await next(context);
            return;
        }
        var body = context.Features.Get<IHttpResponseBodyFeature>();
        context.Request.Method = HttpMethods.Get;
        var discard = new StreamResponseBodyFeature(Stream.Null);
        context.Features.Set<IHttpResponseBodyFeature>(discard);
        try
        {
            await next(context);
            await discard.CompleteAsync();
        }
        finally
        {
            // Back to HEAD and the server's own body for what runs after (logging, the server completing the response).
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
        }
    });
}
