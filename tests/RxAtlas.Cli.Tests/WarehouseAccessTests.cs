namespace RxAtlas.Cli.Tests;

/// <summary>How the commands that only read a warehouse open it: never creating one on a typo, and read-only side by side.</summary>
public sealed class WarehouseAccessTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("query", "SELECT 1")]
    [InlineData("check")]
    [InlineData("runs")]
    public async Task ReadingCommand_OnAMissingDuckDbFile_FailsAndCreatesNothing(params string[] command)
    {
        var path = _dir["typo.duckdb"];

        var result = await CliRunner.RunAsync([command[0], "--warehouse", "duckdb:" + path, .. command[1..]]);

        Assert.Equal(1, result.Exit);
        Assert.Contains($"There is no warehouse at {path}", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("bogus:foo")]
    [InlineData("duckdb:")]
    public async Task UnknownWarehouseForm_IsAUsageError(string warehouse)
    {
        var result = await CliRunner.RunAsync("query", "--warehouse", warehouse, "SELECT 1");

        Assert.Equal(2, result.Exit);
        Assert.Contains("duckdb:", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists("bogus:foo"));
    }

    [Fact]
    public void WaitingMessage_NamesTheWarehouseAndTheOtherWriter_NeverThePassword()
    {
        var location = RxAtlas.Warehouse.WarehouseLocation.Resolve("postgres://analyst:s3cret@db.example:5433/rx");

        var message = RxAtlas.Cli.Hosting.Warehouses.WaitingMessage(location, "server process 4242 (rxatlas, from 10.0.0.7)");

        Assert.Equal("Waiting for another process writing postgres://analyst@db.example:5433/rx to finish: server process 4242 (rxatlas, from 10.0.0.7).", message);
    }

    [Fact]
    public async Task Query_WhileAnotherProcessServesTheFile_WorksWhenBothAreReadOnly()
    {
        var warehouse = "duckdb:" + _dir["w.duckdb"];
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-11", "--rows", "1000", "--format", "pdpi-clean");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--warehouse", warehouse, _dir["gen"])).Exit);

        using var server = CliProcess.Start(null, "serve", "--warehouse", warehouse, "--read-only", "--urls", "http://127.0.0.1:0");
        try
        {
            await CliProcess.WaitForLineAsync(server, line => line.StartsWith("Serving", StringComparison.Ordinal));

            var shared = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--read-only", "--format", "csv", "SELECT COUNT(*) AS n FROM prescribing");
            var writing = await CliRunner.RunAsync("ingest", "--warehouse", warehouse, _dir["gen"]);
            var check = await CliRunner.RunAsync("check", "--warehouse", warehouse, "--read-only");
            var runs = await CliRunner.RunAsync("runs", "--warehouse", warehouse, "--read-only", "--format", "csv");

            // The checks run and show their results without recording them (the file is the server's to write).
            Assert.True(check.Exit == 0, check.Err);
            Assert.Contains("nic_match_source", check.Out, StringComparison.Ordinal);
            Assert.True(runs.Exit == 0, runs.Err);
            Assert.StartsWith("run_id,dag,month,state", runs.Out, StringComparison.Ordinal);

            Assert.True(shared.Exit == 0, shared.Err);
            Assert.StartsWith("n\n", shared.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.NotEqual("0", shared.Out.ReplaceLineEndings("\n").Split('\n')[1]);
            Assert.Equal(1, writing.Exit);
            // A writer cannot open the file read-only: it is told to stop the other process, not to use --read-only.
            Assert.Contains("`rxatlas ingest` writes to the warehouse, so it needs the file to itself", writing.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("open both read-only", writing.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("--read-only", writing.Err, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
