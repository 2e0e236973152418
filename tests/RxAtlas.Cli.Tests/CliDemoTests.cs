using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using RxAtlas.Cli.Hosting;
using RxAtlas.Warehouse.DuckDb;

namespace RxAtlas.Cli.Tests;

/// <summary><c>rxatlas demo</c>: what it loads and how, and what it refuses before doing any work.</summary>
public sealed partial class CliDemoTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Demo => _dir["demo"];

    private string DemoFile => Path.Combine(Demo, "rxatlas.duckdb");

    [Fact]
    public async Task Demo_LoadsEveryMonthThroughTheMonthlyDag_SoRunsAreRecordedAndTheLakeHoldsTheFiles()
    {
        var demo = await CliRunner.RunAsync("demo", "--dir", Demo, "--rows", "300", "--no-serve");

        Assert.True(demo.Exit == 0, demo.Err + demo.Out);
        Assert.Contains("through the monthly DAG (runs 1–12", demo.Out, StringComparison.Ordinal);
        var runs = await CliRunner.RunAsync("runs", "--warehouse", "duckdb:" + DemoFile, "--format", "csv", "--read-only");
        var lines = runs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];
        Assert.Equal(12, lines.Length);
        Assert.All(lines, l => Assert.Equal("Success", l.Split(',')[3]));
        Assert.True(Directory.Exists(Path.Combine(Demo, "lake", "raw", "pdpi", "2019-06")), "the files were acquired into the demo's lake");
    }

    [Fact]
    public async Task Demo_PracticesHaveIcbAndSubIcbNames_FromTheListSizePracticeMap()
    {
        var demo = await CliRunner.RunAsync("demo", "--dir", Demo, "--rows", "300", "--no-serve");
        Assert.True(demo.Exit == 0, demo.Err + demo.Out);

        var named = await CliRunner.RunAsync("query", "--warehouse", "duckdb:" + DemoFile, "--format", "csv", "--read-only",
            "SELECT count(*) AS practices, count(icb_name) AS icb, count(sub_icb_name) AS sub_icb FROM practices WHERE NOT is_unidentified AND postcode IS NOT NULL");

        Assert.True(named.Exit == 0, named.Err);
        var counts = named.Out.ReplaceLineEndings("\n").Split('\n')[1].Split(',').Select(int.Parse).ToArray();
        Assert.True(counts[1] > counts[0] / 2 && counts[2] > counts[0] / 2, named.Out);
    }

    [Fact]
    public async Task Ingest_OfGeneratedFiles_GivesPracticesIcbAndSubIcbNames()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-01", "--to", "2019-01", "--rows", "300");

        var ingest = await CliRunner.RunAsync("ingest", "--warehouse", "duckdb:" + _dir["w.duckdb"], _dir["gen"]);
        var named = await CliRunner.RunAsync("query", "--warehouse", "duckdb:" + _dir["w.duckdb"], "--format", "csv",
            "SELECT count(*) FROM practices WHERE icb_name IS NOT NULL AND sub_icb_name IS NOT NULL");

        Assert.True(ingest.Exit == 0, ingest.Err + ingest.Out);
        Assert.NotEqual("0", named.Out.ReplaceLineEndings("\n").Split('\n')[1]);
    }

    [Fact]
    public async Task Demo_PrintsMoneyWithThousandsSeparators_AndAQueryHintThatRuns()
    {
        var demo = await CliRunner.RunAsync("demo", "--dir", Demo, "--rows", "300", "--no-serve");

        Assert.True(demo.Exit == 0, demo.Err + demo.Out);
        Assert.Matches(@"nic_match_source .* fact £\d{1,3}(,\d{3})+\.\d\d, source £", demo.Out);
        Assert.Matches(@"actual_cost_match_source .* fact £\d{1,3}(,\d{3})+\.\d{2,5}, source £", demo.Out);
        var hint = QueryHint().Match(demo.Out);
        Assert.True(hint.Success, demo.Out);
        // In a test the program is `dotnet rxatlas.dll`: the hint names both, so it runs as printed.
        Assert.Equal("dotnet " + typeof(CliApp).Assembly.Location, hint.Groups["command"].Value);
        Assert.Equal("duckdb:" + DemoFile, hint.Groups["warehouse"].Value);
    }

    [Fact]
    public async Task Demo_WhileAServerHasItsFileOpen_RefusesBeforeGenerating_AndLeavesTheFileAsItWas()
    {
        Directory.CreateDirectory(Demo);
        await using (var warehouse = new DuckDbWarehouse(DemoFile)) await warehouse.MigrateAsync();
        var before = await File.ReadAllBytesAsync(DemoFile);
        using var server = CliProcess.Start(null, "serve", "--read-only", "--warehouse", "duckdb:" + DemoFile, "--urls", "http://127.0.0.1:0");
        try
        {
            await CliServeTests.ServingAddressAsync(server);

            var demo = await CliRunner.RunAsync("demo", "--dir", Demo, "--rows", "300", "--no-serve");

            Assert.Equal(1, demo.Exit);
            Assert.Contains("in use by another process", demo.Err, StringComparison.Ordinal);
            Assert.Contains("stop the other process", demo.Err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(Demo, "files")), "nothing was generated");
            Assert.Equal(SHA256.HashData(before), SHA256.HashData(await File.ReadAllBytesAsync(DemoFile)));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Demo_WhenItsPortIsTaken_FailsAtOnceWithOneLineNamingTheAddressAndUrls()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var demo = await CliRunner.RunAsync("demo", "--dir", Demo, "--rows", "300", "--urls", url);

        Assert.Equal(1, demo.Exit);
        Assert.StartsWith($"error: Cannot listen at {url}:", demo.Err.Trim(), StringComparison.Ordinal);
        Assert.Contains("--urls", demo.Err, StringComparison.Ordinal);
        Assert.Single(demo.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(Demo, "files")), "nothing was generated");
    }

    [Fact]
    public async Task Serve_WhenItsPortIsTaken_ExitsOneWithOneLineAndNoStackTrace()
    {
        await using (var warehouse = new DuckDbWarehouse(_dir["w.duckdb"])) await warehouse.MigrateAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        using var server = CliProcess.Start(null, "serve", "--warehouse", "duckdb:" + _dir["w.duckdb"], "--urls", url);
        var output = await server.StandardOutput.ReadToEndAsync();
        var error = await server.StandardError.ReadToEndAsync();
        await server.WaitForExitAsync();

        Assert.Equal(1, server.ExitCode);
        Assert.StartsWith($"error: Cannot listen at {url}:", error.Trim(), StringComparison.Ordinal);
        Assert.Contains("--urls", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/repo/bin/rxatlas", true, "rxatlas")]
    [InlineData("/repo/bin/rxatlas", false, "/repo/bin/rxatlas")]
    [InlineData("/usr/share/dotnet/dotnet", false, "dotnet /repo/bin/rxatlas.dll")]
    public void CommandName_IsRxatlasOnlyWhenPathFindsThisProgram(string processPath, bool onPath, string expected)
    {
        var folder = _dir["bin"];
        Directory.CreateDirectory(folder);
        var program = Path.Combine(folder, "rxatlas");
        File.WriteAllText(program, "");
        var actualProcess = processPath.Replace("/repo/bin", folder, StringComparison.Ordinal);
        string? Environment(string name) => name == "PATH" && onPath ? folder : null;

        var command = CommandName.For(Environment, actualProcess, Path.Combine(folder, "rxatlas.dll"));

        Assert.Equal(expected.Replace("/repo/bin", folder, StringComparison.Ordinal), command);
    }

    [Fact]
    public void CommandName_IsWhatTheRepositoryScriptSays()
    {
        Assert.Equal("./rxatlas", CommandName.For(name => name == CommandName.EnvironmentVariable ? "./rxatlas" : null, "/x/rxatlas", "/x/rxatlas.dll"));
    }

    [GeneratedRegex(@"3\. Query it: (?<command>.+) query --warehouse (?<warehouse>\S+) ""SELECT")]
    private static partial Regex QueryHint();
}
