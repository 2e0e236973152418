using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RxAtlas.Web.Api;

/// <summary>Completes what the OpenAPI generator writes for responses from the endpoints' own metadata: the CSV
/// representation beside the JSON 200 (<see cref="CsvRepresentationMetadata"/>), the <c>ETag</c>/<c>Cache-Control</c> headers
/// and 304 of conditional GET (<see cref="ConditionalGetMetadata"/>), a description for every status, and the
/// <c>trace_id</c> every ProblemDetails body carries.</summary>
internal static class OpenApiResponseDocs
{
    /// <summary>The member every ProblemDetails body gets from <c>AddProblemDetails</c> (snake_case, as the API writes names).</summary>
    public const string TraceIdName = "trace_id";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["200"] = "OK.",
        ["304"] = "Not modified: If-None-Match holds the current ETag (the data version has not changed). No body; the headers the 200 would have.",
        ["400"] = "A query or path parameter is invalid, unknown to this endpoint or given twice: errors names each one.",
        ["404"] = "No such code (the detail says which).",
        ["500"] = "An unexpected failure; the body never holds internals.",
        ["503"] = "The warehouse is not answering for the moment (Retry-After says when to try again), or, for /healthz, not at all.",
    };

    /// <summary>What the document says once rather than on every operation.</summary>
    public const string ApiDescription =
        "RxAtlas: NHS England GP prescribing by practice, month and BNF code. Every GET operation also answers HEAD (the GET's " +
        "status and headers, no body). Data answers (all but /api/runs and /healthz) carry a weak ETag of the warehouse's data " +
        "version and the request, with Cache-Control: no-cache; send it back in If-None-Match for 304 while the data is unchanged; a 304 carries the headers its 200 would (ETag, Cache-Control, X-RxAtlas-Data-Version and " +
        "the X-RxAtlas-…-Missing coverage headers).";

    public static void Add(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info ??= new OpenApiInfo();
            document.Info.Description = ApiDescription;
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var csv = metadata.OfType<CsvRepresentationMetadata>().FirstOrDefault();
            var conditional = metadata.OfType<ConditionalGetMetadata>().Any();
            var coverage = metadata.OfType<MonthCoverageMetadata>().FirstOrDefault();
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is not OpenApiResponse r) continue;
                if (Descriptions.TryGetValue(status, out var description)) r.Description = description;
                if (status == "200" && csv is not null) AddCsv(r, csv);
                if (conditional && status is "200" or "304") AddCachingHeaders(r);
                if (status is "200" or "304" && coverage is not null) AddCoverageHeaders(r, coverage); // a 304 repeats the 200's
                if (status == "304") r.Content = null;
            }
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type) && schema.Properties is { } properties)
            {
                properties[TraceIdName] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Identifies the request in the server's logs.",
                };
            }
            return Task.CompletedTask;
        });
    }

    private static void AddCsv(OpenApiResponse response, CsvRepresentationMetadata csv)
    {
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content[Csv.ContentType.Split(';')[0]] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "With format=csv: RFC 4180 CSV, UTF-8 without a byte-order mark, CRLF line ends, a header row " +
                    $"({string.Join(',', csv.Headers)}) and a row per entry of the JSON array, as an attachment.",
            },
            Example = JsonValue.Create(string.Join(',', csv.Headers) + "\r\n"),
        };
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Content-Disposition"] = Header(
            "With format=csv: attachment; filename=rxatlas-{view}-{bnf}-{period}[-{region}][-{icb}][-{sub_icb}][-{practice}][-{metric}][-per1000].csv");
    }

    private static void AddCachingHeaders(OpenApiResponse response)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["ETag"] = Header("A weak tag of the data version and the request (path, query, JSON or CSV); send it " +
            "back in If-None-Match to get 304 while the data is unchanged.");
        response.Headers["Cache-Control"] = Header($"{ConditionalGet.CacheControl}: keep the answer, but revalidate before each use.");
        response.Headers[RequestDataVersion.DataVersionHeader] = Header("The warehouse's data version the answer comes from (as in " +
            "/healthz): every load and publish raises it, so a client that sees it change knows new data is loaded (the page " +
            "then reads the loaded months and regions again).");
    }

    private static void AddCoverageHeaders(OpenApiResponse response, MonthCoverageMetadata coverage)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[MonthCoverage.MonthsMissingHeader] = Header("The months of the period (from–to) whose prescribing is not " +
            "loaded, comma-separated YYYY-MM, oldest first; empty when every month is loaded. The answer covers the other months " +
            "only (in JSON and in CSV).");
        if (coverage.ListSizes)
        {
            response.Headers[MonthCoverage.ListSizeMonthsMissingHeader] = Header("The loaded months of the period for which no " +
                "practice has a list size, comma-separated YYYY-MM; empty when there is none. Rates per 1,000 patients use each " +
                "practice's months with a list size (sized_months), scaled to the period.");
        }
    }

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
