using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RxAtlas.Web.Tests;

/// <summary>One GET endpoint of the running app, as routing has it, with a request that it answers 200 over
/// <see cref="Fakes.FakeDataset.Sample"/>.</summary>
/// <param name="Pattern">The route pattern as the OpenAPI document writes paths, e.g. <c>/api/practices/{code}</c>.</param>
/// <param name="QueryParameters">The query parameters the handler takes (as <see cref="Api.StrictQuery"/> reads them).</param>
public sealed record ApiEndpoint(string Pattern, string SampleUrl, IReadOnlyList<string> RouteParameters, IReadOnlyList<string> QueryParameters)
{
    /// <summary><see cref="SampleUrl"/> with one more query parameter.</summary>
    public string With(string parameter) => SampleUrl + (SampleUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + parameter;

    /// <summary>The pattern with every route parameter set to <paramref name="value"/>.</summary>
    public string WithRouteValues(string value) =>
        RouteParameters.Aggregate(Pattern, (url, name) => url.Replace("{" + name + "}", value, StringComparison.Ordinal));

    public override string ToString() => Pattern;
}

/// <summary>Reads the GET endpoints from the app's own <see cref="EndpointDataSource"/>, so that a test over "every endpoint"
/// covers an endpoint added tomorrow (it fails until <see cref="Samples"/> knows how to ask it something, when it needs to).</summary>
public static class ApiEndpoints
{
    /// <summary>Requests that answer 200, for endpoints that need a route value or a required parameter.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["/api/bnf"] = "/api/bnf?q=04",
        ["/api/bnf/{code}/children"] = "/api/bnf/04/children",
        ["/api/practices"] = "/api/practices?q=P0000",
        ["/api/practices/{code}"] = "/api/practices/P00001",
    };

    public static IReadOnlyList<ApiEndpoint> Get(TestApp app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .Select(e => (Endpoint: e, Pattern: "/" + e.RoutePattern.RawText!.Trim('/')))
            .Where(e => !e.Pattern.StartsWith("/openapi/", StringComparison.Ordinal)) // the document itself
            .Select(e => new ApiEndpoint(
                e.Pattern,
                Samples.TryGetValue(e.Pattern, out var sample) ? sample : e.Pattern,
                [.. e.Endpoint.RoutePattern.Parameters.Select(p => p.Name)],
                [.. (e.Endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [])
                    .Where(p => p.ParameterType == typeof(string) && !e.Endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name))
                    .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!)]))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal),
    ];
}
