using System.Net;
using System.Text.Json;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>The OpenAPI document declares every response the endpoints really give: each GET endpoint routing knows is asked
/// for each kind of answer it can give (200 JSON, 200 CSV, 304, 400, 404, 500, 503), and the status and content type it
/// actually answered must be declared on its operation — with, for problem bodies, every member the body really has.</summary>
public sealed class OpenApiResponsesTests
{
    private sealed record Answer(string Url, int Status, string? MediaType, JsonElement? Body, string? Tag);

    [Fact]
    public async Task EveryOperation_DeclaresEveryResponseItsEndpointGives()
    {
        await using var app = await TestApp.StartAsync();
        await using var transient = await TestApp.StartAsync(FailingWarehouse.Transient());
        await using var broken = await TestApp.StartAsync(FailingWarehouse.Broken());
        var document = await app.GetJsonAsync("/openapi/v1.json");
        var endpoints = ApiEndpoints.Get(app);
        Assert.Contains(endpoints, e => e.Pattern == "/api/map"); // the walk found the endpoints
        var missing = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var answers = new List<Answer>();
            var ok = await AskAsync(app, endpoint.SampleUrl);
            Assert.True(ok.Status == 200, $"{ok.Url} → {ok.Status}: give {endpoint} a sample request in ApiEndpoints.Samples");
            answers.Add(ok);
            if (endpoint.QueryParameters.Contains("format"))
                answers.Add(Expect(200, await AskAsync(app, endpoint.With("format=csv"))));
            answers.Add(Expect(400, await AskAsync(app, endpoint.With("no_such_parameter=1"))));
            if (endpoint.RouteParameters.Count > 0)
                answers.Add(Expect(404, await AskAsync(app, endpoint.WithRouteValues("ZZ"))));
            if (ok.Tag is { } tag)
                answers.Add(Expect(304, await AskAsync(app, endpoint.SampleUrl, tag)));
            answers.Add(Expect(503, await AskAsync(transient, endpoint.SampleUrl)));
            answers.Add(await AskAsync(broken, endpoint.SampleUrl)); // 500, or 503 for /healthz, which says the warehouse is down

            var operation = document.GetProperty("paths").TryGetProperty(endpoint.Pattern, out var path) && path.TryGetProperty("get", out var get)
                ? get : (JsonElement?)null;
            if (operation is null)
            {
                missing.Add($"{endpoint}: no GET operation in the document");
                continue;
            }
            foreach (var answer in answers.DistinctBy(a => (a.Status, a.MediaType)))
            {
                missing.AddRange(Undeclared(document, operation.Value, endpoint, answer));
            }
        }

        Assert.True(missing.Count == 0, "Undeclared:\n" + string.Join('\n', missing));
    }

    private static Answer Expect(int status, Answer answer)
    {
        Assert.True(answer.Status == status, $"{answer.Url} → {answer.Status}, expected {status}");
        return answer;
    }

    /// <summary>What the document lacks to describe <paramref name="answer"/>: the status, the content type, or (for a JSON
    /// object body) members of the body its schema does not have.</summary>
    private static IEnumerable<string> Undeclared(JsonElement document, JsonElement operation, ApiEndpoint endpoint, Answer answer)
    {
        var status = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(status, out var response))
        {
            yield return $"{endpoint}: {status} ({answer.MediaType ?? "no body"}, from {answer.Url}) is not declared";
            yield break;
        }
        if (answer.MediaType is null)
        {
            if (response.TryGetProperty("content", out _)) yield return $"{endpoint}: {status} has no body but declares content";
            yield break;
        }
        if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty(answer.MediaType, out var media))
        {
            yield return $"{endpoint}: {status} {answer.MediaType} (from {answer.Url}) is not declared";
            yield break;
        }
        if (answer.Body is { ValueKind: JsonValueKind.Object } body)
        {
            var schema = Resolve(document, media.GetProperty("schema"));
            var declared = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
            foreach (var member in body.EnumerateObject().Where(m => !declared.Contains(m.Name)))
            {
                yield return $"{endpoint}: {status} {answer.MediaType} body member '{member.Name}' is not in its schema";
            }
        }
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference)) return schema;
        var name = reference.GetString()!.Split('/')[^1];
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }

    private static async Task<Answer> AskAsync(TestApp app, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.StatusCode == HttpStatusCode.NotModified ? null : response.Content.Headers.ContentType?.MediaType;
        JsonElement? body = mediaType?.EndsWith("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(text).RootElement.Clone() : null;
        return new Answer(url, (int)response.StatusCode, mediaType, body, response.Headers.ETag?.ToString());
    }
}
