using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary><c>/api/practices</c>: search by code, name or postcode, and one practice's details.</summary>
internal static class PracticeEndpoints
{
    public static void MapPracticeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/practices").WithTags("Practices");
        group.MapGet("", SearchAsync).WithName("SearchPractices")
            .WithSummary("Practices by code, name or postcode; those without a location have geocoded = false.");
        group.MapGet("/{code}", GetAsync).WithName("GetPractice").ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new MonthCoverageMetadata(ListSizes: false))
            .WithSummary("A practice's details, its monthly series over all loaded months and its top medicines over the period.");
    }

    internal static async Task<Results<Ok<IReadOnlyList<PracticeMatch>>, ValidationProblem>> SearchAsync(
        string? q, string? limit, ApiData data, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var text = Parameters.Text(q, "q", errors);
        var max = Parameters.Count(limit, "limit", 50, 1, 200, errors);
        if (errors.Any) return errors.Problem();
        var found = await data.CachedAsync($"practice-search|{max}|{text}",
            async (queries, ct) => (IReadOnlyList<PracticeMatch>)[.. (await queries.SearchPracticesAsync(text, max, ct)).Take(max).Select(PracticeMatch.From)],
            cancellationToken);
        return TypedResults.Ok(found);
    }

    internal static async Task<Results<Ok<PracticeResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string code, string? bnf, string? from, string? to, string? metric, string? n, ApiData data, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var practiceCode = Parameters.PracticeCode(code, "code", errors);
        var measure = Parameters.Metric(metric, errors);
        var count = Parameters.Count(n, "n", 10, 1, Parameters.MaxN, errors);
        var period = await data.SelectionAsync(bnf, from, to, AreaParameters.None, practiceCode, errors, cancellationToken, practiceMustExist: false);
        if (errors.Any || practiceCode is null) return errors.Problem();

        var answer = await data.ConsistentAsync(ct => ReadAsync(data, practiceCode, period, measure, count, ct), cancellationToken);
        if (answer is not { } found)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "No such practice.", detail: $"No practice has the code '{practiceCode}'.");
        }

        var (detail, series, medicines) = found;
        var missing = await MonthCoverage.MonthsMissingAsync(data, period, cancellationToken);
        response.Headers[MonthCoverage.MonthsMissingHeader] = MonthCoverage.Format(missing);
        return TypedResults.Ok(new PracticeResponse(
            detail.PracticeCode, detail.Name, detail.Address, detail.Postcode, detail.Latitude, detail.Longitude,
            detail.RegionCode, detail.RegionName, detail.IcbCode, detail.IcbName, detail.SubIcbCode, detail.SubIcbName, detail.IsUnidentified,
            detail.Latitude is not null && detail.Longitude is not null,
            Display.Name(measure), period?.From.ToString(), period?.To.ToString(), series, medicines,
            [.. missing.Select(m => m.ToString())]));
    }

    /// <summary>The practice's details, its series over every loaded month and its top medicines over the period: separate
    /// queries, read together through <see cref="ApiData.ConsistentAsync{T}"/> so that a reload committing between them cannot
    /// give a series and medicines from different data. Null for an unknown practice.</summary>
    private static async Task<(PracticeDetail Detail, IReadOnlyList<MonthPoint> Series, IReadOnlyList<MedicineEntry> Medicines)?> ReadAsync(
        ApiData data, string practiceCode, Selection? period, Metric measure, int count, CancellationToken cancellationToken)
    {
        var detail = await data.CachedAsync($"practice|{practiceCode}", (q, ct) => q.PracticeAsync(practiceCode, ct), cancellationToken);
        if (detail is null) return null;

        IReadOnlyList<MonthPoint> series = [];
        IReadOnlyList<MedicineEntry> medicines = [];
        if (period is not null)
        {
            var months = await data.MonthsAsync(cancellationToken);
            var whole = period with { From = months.Count > 0 ? months[0] : period.From, To = months.Count > 0 ? months[^1] : period.To };
            series = await data.CachedAsync($"timeseries|{ApiData.Key(whole)}",
                async (q, ct) => (IReadOnlyList<MonthPoint>)[.. (await q.TimeSeriesAsync(whole, ct)).OrderBy(m => m.Month).Select(MonthPoint.From)],
                cancellationToken);
            medicines = await data.CachedAsync($"medicines|{ApiData.Key(period)}|{measure}|{count}",
                async (q, ct) => (IReadOnlyList<MedicineEntry>)[.. (await q.TopMedicinesAsync(period, measure, count, ct)).Take(count).Select(m => MedicineEntry.From(m, measure))],
                cancellationToken);
        }
        return (detail, series, medicines);
    }
}
