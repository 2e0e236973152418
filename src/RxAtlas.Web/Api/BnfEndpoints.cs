using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RxAtlas.Core;

namespace RxAtlas.Web.Api;

/// <summary><c>/api/bnf</c>: type-ahead search over every BNF level and the browsable tree.</summary>
internal static class BnfEndpoints
{
    public static void MapBnfEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bnf").WithTags("BNF");
        group.MapGet("", SearchAsync).WithName("SearchBnf")
            .WithSummary("BNF codes at every level whose code starts with, or whose name contains, q.");
        group.MapGet("/children", (ApiData data, CancellationToken ct) => ChildrenAsync("", data, ct)).WithName("GetBnfChapters")
            .WithSummary("The BNF chapters.");
        group.MapGet("/{code}/children", ChildrenAsync).WithName("GetBnfChildren").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The next level down from a BNF code.");
    }

    internal static async Task<Results<Ok<IReadOnlyList<BnfEntry>>, ValidationProblem>> SearchAsync(
        string? q, string? limit, ApiData data, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var text = Parameters.Text(q, "q", errors);
        var max = Parameters.Count(limit, "limit", 50, 1, 200, errors);
        if (errors.Any) return errors.Problem();
        return TypedResults.Ok(await SearchCachedAsync(text, max, data, cancellationToken));
    }

    /// <summary>The next level down; 404 for a code no BNF code starts with (a presentation, the last level, answers an empty list).</summary>
    internal static async Task<Results<Ok<IReadOnlyList<BnfEntry>>, ProblemHttpResult, ValidationProblem>> ChildrenAsync(
        string code, ApiData data, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var prefixes = Parameters.BnfPrefixes(code, errors, "code");
        if (prefixes.Count > 1) errors.Add("code", "Give one BNF code.");
        else if (prefixes.Count == 1 && BnfCode.LevelOfLength(prefixes[0].Length) is null)
            errors.Add("code", $"'{prefixes[0]}' is not a whole BNF level: expected 2, 4, 6, 7, 9, 11 or 15 characters.");
        if (errors.Any) return errors.Problem();
        var parent = prefixes.Count == 0 ? "" : prefixes[0];
        var children = await data.CachedAsync($"bnf-children|{parent}",
            async (queries, ct) => (IReadOnlyList<BnfEntry>)[.. (await queries.BnfChildrenAsync(parent, ct)).Select(BnfEntry.From)],
            cancellationToken);
        if (children.Count == 0 && parent.Length > 0 && !await ExistsAsync(parent, data, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such BNF code.",
                detail: $"No BNF code starts with '{parent}': GET /api/bnf?q=… finds them.");
        }
        return TypedResults.Ok(children);
    }

    /// <summary>True when some BNF code starts with <paramref name="code"/>: the search finds codes by prefix (and names by
    /// content, which a code of digits and capitals does not match by accident often enough to crowd out 200 code matches).</summary>
    private static async Task<bool> ExistsAsync(string code, ApiData data, CancellationToken cancellationToken)
    {
        var found = await SearchCachedAsync(code, 200, data, cancellationToken);
        return found.Any(n => n.Code.StartsWith(code, StringComparison.Ordinal));
    }

    /// <summary>The BNF search (codes by prefix, names by content), at most <paramref name="max"/> entries, cached.</summary>
    private static Task<IReadOnlyList<BnfEntry>> SearchCachedAsync(string text, int max, ApiData data, CancellationToken cancellationToken) =>
        data.CachedAsync($"bnf-search|{max}|{text}",
            async (queries, ct) => (IReadOnlyList<BnfEntry>)[.. (await queries.SearchBnfAsync(text, max, ct)).Take(max).Select(BnfEntry.From)],
            cancellationToken);
}
