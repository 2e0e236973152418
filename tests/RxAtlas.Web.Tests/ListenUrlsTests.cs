using Microsoft.Extensions.Logging;
using RxAtlas.Web.Hosting;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>Where the app listens: the command line, then ASPNETCORE_URLS/URLS, then configuration, then the default.</summary>
public sealed class ListenUrlsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void CommandLine_WinsOverTheEnvironment() =>
        Assert.Equal("http://127.0.0.1:1", ListenUrls.Explicit("http://127.0.0.1:1", Environment(("ASPNETCORE_URLS", "http://127.0.0.1:2"))));

    [Fact]
    public void AspNetCoreUrls_WinsOverUrls() =>
        Assert.Equal("http://127.0.0.1:2", ListenUrls.Explicit(null, Environment(("URLS", "http://127.0.0.1:3"), ("ASPNETCORE_URLS", "http://127.0.0.1:2"))));

    [Fact]
    public void Urls_IsUsedWithoutAspNetCoreUrls() =>
        Assert.Equal("http://127.0.0.1:3", ListenUrls.Explicit(null, Environment(("URLS", "http://127.0.0.1:3"))));

    [Fact]
    public void NothingGiven_LeavesItToConfiguration() =>
        Assert.Null(ListenUrls.Explicit(" ", Environment()));

    [Fact]
    public async Task ExplicitUrls_WinOverKestrelEndpointsInConfiguration()
    {
        var addresses = await ListeningAddressesAsync("http://127.0.0.1:0", "--Kestrel:Endpoints:Configured:Url=http://0.0.0.0:0");

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.StartsWith("http://127.0.0.1:", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoExplicitUrls_ConfigurationDecides()
    {
        var addresses = await ListeningAddressesAsync(null, "--urls=http://0.0.0.0:0");

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.StartsWith("http://0.0.0.0:", a, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> ListeningAddressesAsync(string? urls, params string[] args)
    {
        var app = RxAtlasWebApp.Build(new FakeWarehouse(new FakeQueries(FakeDataset.Sample())), urls, new RxAtlasWebOptions
        {
            Args = args,
            ConfigureBuilder = builder => builder.Logging.ClearProviders(),
        });
        await app.StartAsync();
        try
        {
            return RxAtlasWebApp.ListeningAddresses(app);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
