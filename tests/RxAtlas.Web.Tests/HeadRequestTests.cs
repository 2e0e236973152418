using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>HEAD answers exactly what GET would, headers and status, without a body.</summary>
public sealed class HeadRequestTests
{
    private static async Task<(int Status, string Headers, byte[] Body)> SendAsync(HttpClient client, HttpMethod method, string url,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.RelativeOrAbsolute));
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date")
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal);
        return ((int)response.StatusCode, string.Join('\n', headers), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task EveryGetEndpoint_AnswersHeadWithGetsStatusAndHeadersAndNoBody_GoodAndBadQueriesCsvNotFoundAndThePagesFiles()
    {
        await using var app = await TestApp.StartAsync();
        var urls = ApiEndpoints.Get(app).SelectMany(e => new[]
        {
            e.SampleUrl,
            e.With("no_such_parameter=1"),
            e.QueryParameters.Contains("format") ? e.With("format=csv") : null,
            e.QueryParameters.Contains("from") ? e.With("from=2024-13") : null,
            e.RouteParameters.Count > 0 ? e.WithRouteValues("ZZ") : null,
        }).OfType<string>().Concat(["/", "/js/app.js", "/api/nothing"]).ToList();
        Assert.Contains("/api/map?format=csv", urls);

        foreach (var url in urls)
        {
            var get = await SendAsync(app.Client, HttpMethod.Get, url);
            var head = await SendAsync(app.Client, HttpMethod.Head, url);

            Assert.True(get.Status == head.Status, $"HEAD {url} → {head.Status}, GET → {get.Status}");
            Assert.True(get.Headers == head.Headers,
                $"HEAD {url}:\n{head.Headers}\nGET:\n{get.Headers}");
            Assert.True(head.Body.Length == 0, $"HEAD {url} has a body");
        }
    }

    [Fact]
    public async Task OtherMethods_Are405_AndAllowListsHeadBesideGet()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.PostAsync(new Uri("/api/map", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Head_WithTheCurrentTag_Is304_AndCompressedAsGetIs()
    {
        await using var app = await TestApp.StartAsync();
        var get = await SendAsync(app.Client, HttpMethod.Get, "/api/map?format=csv", r => r.Headers.AcceptEncoding.ParseAdd("gzip"));
        using var plain = await app.Client.GetAsync(new Uri("/api/map", UriKind.Relative));

        var head = await SendAsync(app.Client, HttpMethod.Head, "/api/map?format=csv", r => r.Headers.AcceptEncoding.ParseAdd("gzip"));
        var conditional = await SendAsync(app.Client, HttpMethod.Head, "/api/map",
            r => r.Headers.TryAddWithoutValidation("If-None-Match", plain.Headers.ETag!.ToString()));

        Assert.Contains("Content-Encoding: gzip", get.Headers, StringComparison.Ordinal);
        Assert.Equal(get.Headers, head.Headers);
        Assert.Equal(304, conditional.Status);
        Assert.Empty(conditional.Body);
    }

    [Fact]
    public async Task Head_OverKestrel_SendsGetsContentLengthWithoutABody_AndTheConnectionServesTheNextRequest()
    {
        var app = RxAtlasWebApp.Build(new FakeWarehouse(new FakeQueries(FakeDataset.Sample())), "http://127.0.0.1:0", new RxAtlasWebOptions
        {
            ConfigureBuilder = b => b.Logging.ClearProviders(),
        });
        await using var _ = app;
        await app.StartAsync();
        var baseUrl = RxAtlasWebApp.ListeningAddresses(app).First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/map?format=csv"));
        using var get = await client.GetAsync(new Uri("/api/map?format=csv", UriKind.Relative));
        var body = await get.Content.ReadAsByteArrayAsync();
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(body.Length, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentDisposition, head.Content.Headers.ContentDisposition);
    }
}
