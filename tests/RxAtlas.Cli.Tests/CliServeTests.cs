using System.Text.Json;
using RxAtlas.Warehouse.DuckDb;

namespace RxAtlas.Cli.Tests;

/// <summary><c>rxatlas serve</c> as a real process: what its options reach the web app as.</summary>
public sealed class CliServeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Serve_MapStyleUrl_IsWhatApiConfigReports()
    {
        await using (var warehouse = new DuckDbWarehouse(_dir["w.duckdb"])) await warehouse.MigrateAsync();
        const string style = "https://tiles.example/style.json";

        using var server = CliProcess.Start(null, "serve", "--warehouse", "duckdb:" + _dir["w.duckdb"], "--urls", "http://127.0.0.1:0", "--map-style-url", style);
        try
        {
            var address = await ServingAddressAsync(server);
            using var http = new HttpClient();
            using var config = JsonDocument.Parse(await http.GetStringAsync(new Uri(address + "/api/config")));

            Assert.Equal(style, config.RootElement.GetProperty("map_style_url").GetString());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_WithoutUrls_ListensWhereAspNetCoreUrlsSays()
    {
        await using (var warehouse = new DuckDbWarehouse(_dir["w.duckdb"])) await warehouse.MigrateAsync();

        using var server = CliProcess.Start(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" },
            "serve", "--warehouse", "duckdb:" + _dir["w.duckdb"]);
        try
        {
            var address = new Uri(await ServingAddressAsync(server));

            Assert.NotEqual(5000, address.Port);
            using var http = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(address, "/healthz"))).StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>The address <c>serve</c> prints in its "Serving … at URL" line.</summary>
    internal static async Task<string> ServingAddressAsync(System.Diagnostics.Process server)
    {
        var address = "";
        await CliProcess.WaitForLineAsync(server, line =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^Serving .* at (http://\S+) ");
            address = match.Groups[1].Value;
            return match.Success;
        });
        return address;
    }
}
