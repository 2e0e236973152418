using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace RxAtlas.Web.Api;

/// <summary><c>/api/months</c>, <c>/api/regions</c>, <c>/api/icbs</c> and <c>/api/config</c>: what the page's selectors offer.</summary>
internal static class ReferenceEndpoints
{
    public static void MapReferenceEndpoints(this IEndpointRouteBuilder app, string? mapStyleUrl)
    {
        app.MapGroup("/api/months").WithTags("Reference").MapGet("", MonthsAsync).WithName("GetMonths")
            .WithSummary("Loaded months (YYYY-MM), oldest first.");
        app.MapGroup("/api/regions").WithTags("Reference").MapGet("", RegionsAsync).WithName("GetRegions")
            .WithSummary("Regions with their number of practices.");
        app.MapGroup("/api/icbs").WithTags("Reference").MapGet("", IcbsAsync).WithName("GetIcbs")
            .WithSummary("Integrated Care Boards (ODS codes, for the icb parameter) with their region, number of practices and sub-ICB locations (for sub_icb), by name.");
        app.MapGroup("/api/config").WithTags("Reference")
            .MapGet("", (ApiData data, CancellationToken ct) => ConfigAsync(mapStyleUrl, data, ct)).WithName("GetConfig")
            .WithSummary("What the page needs to start: the optional base map style URL, the loaded months and whether list sizes (per-1,000-patient rates) exist.");
    }

    internal static async Task<Ok<IReadOnlyList<string>>> MonthsAsync(ApiData data, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<string>>([.. (await data.MonthsAsync(cancellationToken)).Select(m => m.ToString())]);

    internal static async Task<Ok<IReadOnlyList<RegionEntry>>> RegionsAsync(ApiData data, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<RegionEntry>>([.. (await data.RegionsAsync(cancellationToken))
            .OrderBy(r => r.Name ?? r.Code, StringComparer.OrdinalIgnoreCase)
            .Select(r => new RegionEntry(r.Code, r.Name, r.Practices))]);

    internal static async Task<Ok<IReadOnlyList<IcbEntry>>> IcbsAsync(ApiData data, CancellationToken cancellationToken) =>
        TypedResults.Ok(await data.CachedAsync("icbs", async (q, ct) => AreaChecks.Listing(await data.AreasAsync(ct)), cancellationToken));

    internal static async Task<Ok<ClientConfig>> ConfigAsync(string? mapStyleUrl, ApiData data, CancellationToken cancellationToken)
    {
        var months = (await data.MonthsAsync(cancellationToken)).Select(m => m.ToString()).ToList();
        var listSizeMonths = (await data.ListSizeMonthsAsync(cancellationToken)).Select(m => m.ToString()).ToList();
        return TypedResults.Ok(new ClientConfig(string.IsNullOrWhiteSpace(mapStyleUrl) ? null : mapStyleUrl, months, months.LastOrDefault(),
            listSizeMonths.Count > 0, listSizeMonths));
    }
}
