using System.Globalization;
using RxAtlas.Core;
using RxAtlas.SampleData;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>A real <c>rxatlas run</c> process killed mid-load: <c>runs</c> shows it Interrupted, <c>--resume</c> completes it,
/// and the warehouse holds the month exactly once.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class KilledRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_ProcessKilledDuringLoad_ShowsInterruptedAndResumeCompletes()
    {
        var month = new YearMonth(2019, 1);
        var dataset = SampleGenerator.Generate(new GeneratorOptions(_dir["gen"], month, month) { RowsPerMonth = 1_000_000, Format = SampleFormat.PdpiClean });
        var warehouse = "duckdb:" + _dir["w.duckdb"];
        var lake = _dir["lake"];

        using (var child = CliProcess.Start(new Dictionary<string, string> { ["RXATLAS_Lake__Root"] = lake }, "run", "--month", "2019-01", "--from-dir", _dir["gen"], "--warehouse", warehouse, "--geocoder", "none"))
        {
            await CliProcess.WaitForLineAsync(child, line => line.Contains("load", StringComparison.Ordinal) && line.Contains("Running", StringComparison.Ordinal));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", lake);
        try
        {
            var runs = await CliRunner.RunAsync("runs", "--warehouse", warehouse, "--format", "csv");
            var row = runs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1].Split(',');
            Assert.Equal("Interrupted", row[3]);

            var resumed = await CliRunner.RunAsync("run", "--month", "2019-01", "--resume", row[0], "--from-dir", _dir["gen"], "--warehouse", warehouse, "--geocoder", "none");
            Assert.True(resumed.Exit == 0, resumed.Err + resumed.Out);
            Assert.Contains($"Run {row[0]}: Success", resumed.Out);

            var count = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", "SELECT count(*), sum(items) FROM prescribing");
            var totals = count.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1].Split(',');
            Assert.Equal(dataset.Months[0].DistinctKeys, long.Parse(totals[0], CultureInfo.InvariantCulture));
            Assert.Equal(dataset.Months[0].Totals.Items, long.Parse(totals[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }
}
