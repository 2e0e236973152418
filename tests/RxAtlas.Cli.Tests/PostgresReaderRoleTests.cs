using System.Net;

namespace RxAtlas.Cli.Tests;

/// <summary>The commands that only read work as a PostgreSQL role with nothing but CONNECT, USAGE and SELECT (the documented
/// grant for a web or analyst role): none of them migrates or writes.</summary>
public sealed class PostgresReaderRoleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [PostgresFact]
    public async Task ReadingCommands_AsASelectOnlyRole_Work()
    {
        await using var database = await PostgresTestServer.CreateDatabaseAsync();
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-11", "--rows", "500", "--format", "pdpi-clean");
        var ingest = await CliRunner.RunAsync("ingest", "--warehouse", database.Url, _dir["gen"]);
        Assert.True(ingest.Exit == 0, ingest.Err);
        await using var reader = await PostgresReaderRole.CreateAsync(database);

        var query = await CliRunner.RunAsync("query", "--warehouse", reader.Url, "--format", "csv", "SELECT count(DISTINCT month) AS months FROM prescribing");
        var check = await CliRunner.RunAsync("check", "--warehouse", reader.Url, "--read-only");
        var runs = await CliRunner.RunAsync("runs", "--warehouse", reader.Url, "--read-only");
        var recordingCheck = await CliRunner.RunAsync("check", "--warehouse", reader.Url);

        Assert.True(query.Exit == 0, query.Err);
        Assert.Equal("months\n1\n", query.Out.ReplaceLineEndings("\n"));
        Assert.True(check.Exit == 0, check.Err);
        Assert.True(runs.Exit == 0, runs.Err);
        Assert.Equal(1, recordingCheck.Exit); // recording results needs INSERT on meta.check_results (documented)
        Assert.Contains("permission denied", recordingCheck.Err, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Serve_AsASelectOnlyRoleNamedByTheEnvironment_AnswersDataAndHealth()
    {
        await using var database = await PostgresTestServer.CreateDatabaseAsync();
        Assert.Equal(0, (await CliRunner.RunAsync("migrate", "--warehouse", database.Url)).Exit);
        await using var reader = await PostgresReaderRole.CreateAsync(database);

        using var server = CliProcess.Start(new Dictionary<string, string> { ["RXATLAS_WAREHOUSE"] = reader.Url }, "serve", "--urls", "http://127.0.0.1:0");
        try
        {
            var address = await CliServeTests.ServingAddressAsync(server);
            using var http = new HttpClient();
            using var months = await http.GetAsync(new Uri(address + "/api/months"));
            using var health = await http.GetAsync(new Uri(address + "/healthz"));

            Assert.Equal(HttpStatusCode.OK, months.StatusCode);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
