using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RxAtlas.Warehouse;

namespace RxAtlas.Web.Api;

/// <summary>
/// Conditional GET for the data endpoints. Their answers change only when <see cref="IWarehouse.DataVersionAsync"/> does
/// (what <see cref="ResponseCache"/> keys on), so a 200 carries a weak <c>ETag</c> derived from that version and the request
/// — path, normalised query and representation (JSON or CSV) — with <c>Cache-Control: no-cache</c>: clients may keep the
/// answer but ask again each time, and a request whose <c>If-None-Match</c> holds the current tag gets 304 with no body.
/// </summary>
/// <remarks>
/// <para>The version (the request's <see cref="RequestDataVersion"/>, read here first and then shared by the handler) is read
/// before the handler runs: a load committing meanwhile can only make the tag older than the data it labels (the next request
/// then gets a fresh 200), never newer (which could answer 304 to stale data forever). Every answer, 200 or 304, also says
/// the version in <see cref="RequestDataVersion.DataVersionHeader"/>.</para>
/// <para>The tag is weak (<c>W/</c>) because the same answer is sent gzip-, Brotli- or un-compressed: those bytes differ, the
/// content does not. A tag this server made is checked before the handler runs, so a 304 costs no query; it is deterministic
/// (the same URL at the same data version, build and settings always has the same answer), so a bad request never had one.
/// A 304 carries every header the 200 would (RFC 9110 §15.4.5): the ones set here, <c>Vary</c> and the ones the endpoint set
/// on its 200 (<see cref="AnswerHeaders"/>), so a client revalidating by hand reads the same metadata as from a 200.
/// <c>If-None-Match: *</c> is checked after the handler, as only a 200 has a current representation.</para>
/// </remarks>
internal sealed class ConditionalGet(IWarehouse warehouse, string? mapStyleUrl)
{
    /// <summary>What a data answer's <c>Cache-Control</c> says: keep it, but revalidate before each use.</summary>
    public const string CacheControl = "no-cache";

    /// <summary>Everything besides the request and data version that changes an answer: the build (a new release may shape
    /// answers differently), the warehouse (another warehouse's version 7 is other data) and the page settings in
    /// <c>/api/config</c>.</summary>
    private readonly string _salt = string.Join('\n',
        typeof(ConditionalGet).Assembly.ManifestModule.ModuleVersionId.ToString("N"), warehouse.Engine, warehouse.DisplayName, mapStyleUrl ?? "");

    /// <summary>A weak tag <c>W/"{version}-{hash}"</c>: the hash covers the salt, the version, the path, the query without
    /// <c>format</c> (names lower-cased as binding reads them, sorted, empty values dropped as the parameters read them) and
    /// the representation (<c>csv</c> or <c>json</c>), so <c>?format=json</c> and no format share a tag and CSV has its own.</summary>
    internal EntityTagHeaderValue Tag(long version, string path, IQueryCollection query)
    {
        var parameters = query
            .Where(p => !string.Equals(p.Key, "format", StringComparison.OrdinalIgnoreCase) && p.Value.Any(v => !string.IsNullOrEmpty(v)))
            .Select(p => Uri.EscapeDataString(p.Key.ToLowerInvariant()) + "=" + string.Join(',', p.Value.Select(v => Uri.EscapeDataString(v ?? ""))))
            .Order(StringComparer.Ordinal);
        var representation = string.Equals(query["format"].ToString(), "csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "json";
        var identity = string.Join('\n', _salt, version.ToString(CultureInfo.InvariantCulture), path, string.Join('&', parameters), representation);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 12));
        return new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}-{hash}\"", isWeak: true);
    }

    /// <summary>Adds conditional GET to every endpoint of <paramref name="group"/>, and says so in their metadata (304 and the
    /// <see cref="ConditionalGetMetadata"/> marker the OpenAPI document reads).</summary>
    public static TBuilder Apply<TBuilder>(TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilterFactory(Filter);
        group.WithMetadata(ConditionalGetMetadata.Instance, new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
        return group;
    }

    private static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var tags = context.ApplicationServices.GetRequiredService<ConditionalGet>();
        var cache = context.ApplicationServices.GetRequiredService<ResponseCache>();
        return async invocation =>
        {
            var http = invocation.HttpContext;
            var version = await http.RequestServices.GetRequiredService<RequestDataVersion>().GetAsync(http.RequestAborted);
            var tag = tags.Tag(version, http.Request.PathBase + http.Request.Path, http.Request.Query);
            var headersKey = "headers|" + tag;
            var conditions = http.Request.GetTypedHeaders().IfNoneMatch;
            var matches = conditions.Any(c => !c.Equals(EntityTagHeaderValue.Any) && c.Compare(tag, useStrongComparison: false));
            if (matches && cache.TryGet(version, headersKey, out AnswerHeaders? known)) return new NotModified(tag, version, known);

            var before = http.Response.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var result = await next(invocation);
            if (!IsOk(result)) return result;
            var headers = AnswerHeaders.SetSince(http.Response.Headers, before);
            cache.Set(version, headersKey, headers);
            if (matches || conditions.Any(c => c.Equals(EntityTagHeaderValue.Any))) return new NotModified(tag, version, headers);
            SetHeaders(http.Response, tag, version);
            return result;
        };
    }

    /// <summary>True for a 200: JSON (<see cref="IStatusCodeHttpResult"/> 200) or a CSV file, possibly inside a
    /// <c>Results&lt;…&gt;</c> union.</summary>
    internal static bool IsOk(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result switch
        {
            IStatusCodeHttpResult { StatusCode: { } status } => status == StatusCodes.Status200OK,
            IFileHttpResult => true,
            _ => false,
        };
    }

    private static void SetHeaders(HttpResponse response, EntityTagHeaderValue tag, long version)
    {
        response.Headers.ETag = tag.ToString();
        response.Headers.CacheControl = CacheControl;
        response.Headers[RequestDataVersion.DataVersionHeader] = version.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>304 with no body and the headers a 200 would have had: the tag, the caching headers, the data version and
    /// what the endpoint itself set (<paramref name="answer"/>: e.g. <see cref="MonthCoverage"/>'s headers).</summary>
    private sealed class NotModified(EntityTagHeaderValue tag, long version, AnswerHeaders answer) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status304NotModified;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status304NotModified;
            foreach (var (name, value) in answer.Headers) response.Headers[name] = value;
            SetHeaders(response, tag, version);
            // The 200 (JSON or CSV, both compressed: see RxAtlasWebApp) gets Vary from the compression middleware when the
            // request accepts compression, as it writes its body; a 304 writes none, so it says so itself.
            var compression = httpContext.RequestServices.GetService<IResponseCompressionProvider>();
            if (compression?.CheckRequestAcceptsCompression(httpContext) == true
                && !response.Headers.Vary.Any(v => v?.Contains(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase) == true))
            {
                response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            }
            return Task.CompletedTask;
        }
    }

    /// <summary>The headers an endpoint set on its 200 (the answer's own metadata, such as <see cref="MonthCoverage"/>'s),
    /// which a 304 for the same tag repeats. They depend only on what the tag does (request and data version), so they are
    /// kept in the <see cref="ResponseCache"/> under the tag: a 304 then costs no query. When they have aged out, the
    /// handler runs again to give them (its queries are usually still cached), and its answer is not sent.</summary>
    internal sealed record AnswerHeaders(IReadOnlyList<KeyValuePair<string, StringValues>> Headers)
    {
        /// <summary>The headers in <paramref name="headers"/> that are not in <paramref name="before"/>, leaving out
        /// <c>Content-*</c> (those describe a body, which a 304 does not have).</summary>
        public static AnswerHeaders SetSince(IHeaderDictionary headers, IReadOnlySet<string> before) =>
            new([.. headers.Where(h => !before.Contains(h.Key) && !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))]);
    }
}

/// <summary>Marks an endpoint answered with conditional GET (<see cref="ConditionalGet"/>).</summary>
internal sealed class ConditionalGetMetadata
{
    public static ConditionalGetMetadata Instance { get; } = new();
}
