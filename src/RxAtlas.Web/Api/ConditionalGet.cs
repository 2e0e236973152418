using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
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
/// <para>The version is read before the handler runs: a load committing meanwhile can only make the tag older than the data
/// it labels (the next request then gets a fresh 200), never newer (which could answer 304 to stale data forever).</para>
/// <para>The tag is weak (<c>W/</c>) because the same answer is sent gzip-, Brotli- or un-compressed: those bytes differ, the
/// content does not. A tag this server made is checked before the handler runs, so a 304 costs no query; it is deterministic
/// (the same URL at the same data version, build and settings always has the same answer), so a bad request never had one.
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

    /// <summary>The current tag for <paramref name="request"/>.</summary>
    public async Task<EntityTagHeaderValue> TagAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var version = await warehouse.DataVersionAsync(cancellationToken);
        return Tag(version, request.PathBase + request.Path, request.Query);
    }

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
        return async invocation =>
        {
            var http = invocation.HttpContext;
            var tag = await tags.TagAsync(http.Request, http.RequestAborted);
            var conditions = http.Request.GetTypedHeaders().IfNoneMatch;
            if (conditions.Any(c => !c.Equals(EntityTagHeaderValue.Any) && c.Compare(tag, useStrongComparison: false)))
                return new NotModified(tag);

            var result = await next(invocation);
            if (!IsOk(result)) return result;
            if (conditions.Any(c => c.Equals(EntityTagHeaderValue.Any))) return new NotModified(tag);
            SetHeaders(http.Response, tag);
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

    private static void SetHeaders(HttpResponse response, EntityTagHeaderValue tag)
    {
        response.Headers.ETag = tag.ToString();
        response.Headers.CacheControl = CacheControl;
    }

    /// <summary>304 with the tag and caching headers a 200 would have had, and no body.</summary>
    private sealed class NotModified(EntityTagHeaderValue tag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status304NotModified;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            SetHeaders(httpContext.Response, tag);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Marks an endpoint answered with conditional GET (<see cref="ConditionalGet"/>).</summary>
internal sealed class ConditionalGetMetadata
{
    public static ConditionalGetMetadata Instance { get; } = new();
}
