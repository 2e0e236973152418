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
            var address = "";
            await CliProcess.WaitForLineAsync(server, line =>
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, @" at (http://\S+) ");
                address = match.Groups[1].Value;
                return match.Success;
            });
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
}
