using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Web.Api;

/// <summary><c>/api/map</c>, <c>/api/timeseries</c> and <c>/api/top</c>: the three views of one selection.</summary>
internal static class PrescribingEndpoints
{
    private static readonly IReadOnlyList<CsvColumn<MapEntry>> MapColumns =
    [
        new("practice_code", e => e.PracticeCode), new("name", e => e.Name), new("latitude", e => e.Latitude),
        new("longitude", e => e.Longitude), new("value", e => e.Value), new("items", e => e.Items), new("nic", e => e.Nic),
        new("actual_cost", e => e.ActualCost), new("quantity", e => e.Quantity), new("patients", e => e.Patients),
        new("is_unidentified", e => e.IsUnidentified), new("sized_months", e => e.SizedMonths),
    ];

    private static readonly IReadOnlyList<CsvColumn<MonthPoint>> SeriesColumns =
    [
        new("month", e => e.Month), new("items", e => e.Items), new("quantity", e => e.Quantity), new("nic", e => e.Nic),
        new("actual_cost", e => e.ActualCost),
    ];

    private static readonly IReadOnlyList<CsvColumn<TopEntry>> TopColumns =
    [
        new("rank", e => e.Rank), new("practice_code", e => e.PracticeCode), new("name", e => e.Name),
        new("latitude", e => e.Latitude), new("longitude", e => e.Longitude), new("value", e => e.Value),
        new("items", e => e.Items), new("nic", e => e.Nic), new("actual_cost", e => e.ActualCost), new("quantity", e => e.Quantity),
        new("patients", e => e.Patients), new("is_unidentified", e => e.IsUnidentified), new("sized_months", e => e.SizedMonths),
    ];

    public static void MapPrescribingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/map").WithTags("Map").MapGet("", GetMapAsync).WithName("GetMap")
            .WithMetadata(CsvRepresentationMetadata.Of(MapColumns), new MonthCoverageMetadata(ListSizes: true))
            .WithSummary("Every geocoded practice (with unlocated=true, every prescriber: practices without a location and unidentified prescribers too) prescribing within the selection, with its value for the metric.");
        app.MapGroup("/api/timeseries").WithTags("Time series").MapGet("", GetTimeSeriesAsync).WithName("GetTimeSeries")
            .WithMetadata(CsvRepresentationMetadata.Of(SeriesColumns), new MonthCoverageMetadata(ListSizes: false))
            .WithSummary("Totals per month within the selection (nationally, for a region or for one practice).");
        app.MapGroup("/api/top").WithTags("Rankings").MapGet("", GetTopAsync).WithName("GetTop")
            .WithMetadata(CsvRepresentationMetadata.Of(TopColumns), new MonthCoverageMetadata(ListSizes: true))
            .WithSummary("The n practices with the largest metric within the selection.");
    }

    internal static async Task<Results<Ok<IReadOnlyList<MapEntry>>, FileContentHttpResult, ValidationProblem>> GetMapAsync(
        string? bnf, string? from, string? to, string? region, string? icb, [FromQuery(Name = Parameters.SubIcbName)] string? subIcb, string? metric, [FromQuery(Name = Parameters.PerThousandName)] string? per1000,
        string? unlocated, string? format, ApiData data, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var measure = Parameters.Metric(metric, errors);
        var perThousand = Parameters.PerThousand(per1000, errors);
        var withUnlocated = Parameters.Flag(unlocated, nameof(unlocated), errors);
        var csv = Parameters.WantsCsv(format, errors);
        var selection = await data.SelectionAsync(bnf, from, to, new AreaParameters(region, icb, subIcb), null, errors, cancellationToken);
        await data.RequireListSizesAsync(perThousand, errors, cancellationToken);
        if (errors.Any) return errors.Problem();

        IReadOnlyList<MapEntry> rows = selection is null ? [] : await data.CachedAsync(
            $"map|{ApiData.Key(selection)}|{measure}|{perThousand}|{withUnlocated}",
            async (q, ct) => (IReadOnlyList<MapEntry>)[.. (await q.MapAsync(selection, ct))
                .Where(p => withUnlocated || (p.Latitude is not null && p.Longitude is not null && !p.IsUnidentified))
                .Select(p => MapEntry.From(p, measure, perThousand))],
            cancellationToken);
        await MonthCoverage.SetWithListSizesAsync(response, data, selection, cancellationToken);
        return csv ? Csv.File(rows, MapColumns, FileName("map", selection, Parameters.MetricName(measure), perThousand)) : TypedResults.Ok(rows);
    }

    internal static async Task<Results<Ok<IReadOnlyList<MonthPoint>>, FileContentHttpResult, ValidationProblem>> GetTimeSeriesAsync(
        string? bnf, string? from, string? to, string? region, string? icb, [FromQuery(Name = Parameters.SubIcbName)] string? subIcb, string? practice, string? format, ApiData data, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var csv = Parameters.WantsCsv(format, errors);
        var selection = await data.SelectionAsync(bnf, from, to, new AreaParameters(region, icb, subIcb), practice, errors, cancellationToken);
        if (errors.Any) return errors.Problem();

        IReadOnlyList<MonthPoint> rows = selection is null ? [] : await data.CachedAsync(
            $"timeseries|{ApiData.Key(selection)}",
            async (q, ct) => (IReadOnlyList<MonthPoint>)[.. (await q.TimeSeriesAsync(selection, ct)).OrderBy(m => m.Month).Select(MonthPoint.From)],
            cancellationToken);
        await MonthCoverage.SetMonthsMissingAsync(response, data, selection, cancellationToken);
        return csv ? Csv.File(rows, SeriesColumns, FileName("timeseries", selection)) : TypedResults.Ok(rows);
    }

    internal static async Task<Results<Ok<IReadOnlyList<TopEntry>>, FileContentHttpResult, ValidationProblem>> GetTopAsync(
        string? bnf, string? from, string? to, string? region, string? icb, [FromQuery(Name = Parameters.SubIcbName)] string? subIcb, string? metric, [FromQuery(Name = Parameters.PerThousandName)] string? per1000,
        string? n, string? format, ApiData data, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var measure = Parameters.Metric(metric, errors);
        var perThousand = Parameters.PerThousand(per1000, errors);
        var count = Parameters.Count(n, "n", 30, 1, Parameters.MaxN, errors);
        var csv = Parameters.WantsCsv(format, errors);
        var selection = await data.SelectionAsync(bnf, from, to, new AreaParameters(region, icb, subIcb), null, errors, cancellationToken);
        await data.RequireListSizesAsync(perThousand, errors, cancellationToken);
        if (errors.Any) return errors.Problem();

        IReadOnlyList<TopEntry> rows = selection is null ? [] : await data.CachedAsync(
            $"top|{ApiData.Key(selection)}|{measure}|{count}|{perThousand}",
            async (q, ct) => (IReadOnlyList<TopEntry>)[.. (perThousand
                    ? await q.TopPerThousandPatientsAsync(selection, measure, count, ct)
                    : await q.TopAsync(selection, measure, count, ct))
                .Take(count).Select((p, i) => TopEntry.From(i + 1, p, measure, perThousand))],
            cancellationToken);
        await MonthCoverage.SetWithListSizesAsync(response, data, selection, cancellationToken);
        return csv ? Csv.File(rows, TopColumns, FileName("top", selection, Parameters.MetricName(measure), perThousand)) : TypedResults.Ok(rows);
    }

    /// <summary>A download's name says what its numbers are: the selection, and for the map and top-N the metric (and
    /// whether <c>value</c> is per 1,000 patients), e.g. <c>rxatlas-map-0401-2024-01_2024-06-Y56-nic-per1000.csv</c>; the area
    /// filters given come in order region, ICB, sub-ICB location (<c>…-Y63-QHM-00L-…</c>), then the practice.</summary>
    private static string FileName(string view, Selection? s, string? metric = null, bool perThousand = false)
    {
        var measure = (metric is null ? "" : "-" + metric) + (perThousand ? "-per1000" : "");
        if (s is null) return $"rxatlas-{view}{measure}.csv";
        var bnf = s.BnfPrefixes.Count == 0 ? "all" : string.Join('+', s.BnfPrefixes);
        var period = s.From == s.To ? s.From.ToString() : $"{s.From}_{s.To}";
        var area = string.Concat(new[] { s.RegionCode, s.IcbCode, s.SubIcbCode, s.PracticeCode }.Where(c => c is not null).Select(c => "-" + c));
        return $"rxatlas-{view}-{bnf}-{period}{area}{measure}.csv";
    }
}
