using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using RxAtlas.Warehouse;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>The real app (as <see cref="RxAtlasWebApp.Build"/> makes it) on an in-process test server, over any warehouse.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, IWarehouse warehouse)
    {
        _app = app;
        Warehouse = warehouse;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    /// <summary>The app's services (its endpoints are in <see cref="Microsoft.AspNetCore.Routing.EndpointDataSource"/>).</summary>
    public IServiceProvider Services => _app.Services;
    public IWarehouse Warehouse { get; }

    /// <summary>The fake queries, when the warehouse is a <see cref="FakeWarehouse"/> over <see cref="FakeQueries"/>.</summary>
    public FakeQueries Fake => (FakeQueries)Warehouse.Queries;

    /// <summary>Starts the app over <paramref name="warehouse"/> — a fake, or at integration the real DuckDB warehouse.</summary>
    public static async Task<TestApp> StartAsync(IWarehouse warehouse, RxAtlasWebOptions? options = null)
    {
        var app = RxAtlasWebApp.Build(warehouse, urls: null, new RxAtlasWebOptions
        {
            MapStyleUrl = options?.MapStyleUrl,
            Dags = options?.Dags,
            CacheRows = options?.CacheRows ?? RxAtlasWebOptions.Default.CacheRows,
            ConfigureBuilder = builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders();
                options?.ConfigureBuilder?.Invoke(builder);
            },
        });
        await app.StartAsync();
        return new TestApp(app, warehouse);
    }

    /// <summary>Starts the app over a fake warehouse holding <paramref name="data"/> (default: <see cref="FakeDataset.Sample"/>).</summary>
    public static Task<TestApp> StartAsync(FakeDataset? data = null, RxAtlasWebOptions? options = null) =>
        StartAsync(new FakeWarehouse(new FakeQueries(data ?? FakeDataset.Sample())), options);

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
