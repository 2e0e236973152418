using System.Globalization;
using System.Text.RegularExpressions;
using RxAtlas.Core;
using RxAtlas.SampleData;

namespace RxAtlas.Cli.Tests;

/// <summary>The README's <c>rxatlas query</c> examples over the <c>months</c> view run as written (on this test's warehouse)
/// and give the financial-year answers the generator's manifest implies.</summary>
[Collection(RxAtlas.Cli.Tests.EndToEnd.FetchEndToEndCollection.Name)]
public sealed partial class ReadmeMonthsExamplesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadmeMonthsExamples_RunAndSumSpendPerFinancialYear()
    {
        var examples = ReadmeQueries().Where(sql => MonthsView().IsMatch(sql)).ToList();
        Assert.True(examples.Count >= 3, $"the README has {examples.Count} query examples over the months view");
        var warehouse = "duckdb:" + _dir["w.duckdb"];
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-02", "--to", "2019-05", "--rows", "1500", "--seed", "4")).Exit);
        var ingest = await CliRunner.RunAsync("ingest", "--warehouse", warehouse, _dir["gen"]);
        Assert.True(ingest.Exit == 0, ingest.Err + ingest.Out);
        var manifest = SampleManifest.Read(_dir["gen/manifest.json"]);
        string Nic(params int[] months) => manifest.Months.Where(m => months.Contains(m.Month.Month))
            .Sum(m => FixedPoint.ToDecimal(m.Totals.NicPence, Scale.NicDigits)).ToString("0.############", CultureInfo.InvariantCulture);

        var outputs = new List<string[]>();
        foreach (var sql in examples)
        {
            var result = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", sql);
            Assert.True(result.Exit == 0, $"{sql}\n{result.Err}");
            outputs.Add(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var perYear = Assert.Single(outputs, o => o[0] == "financial_year,months,nic");
        Assert.Equal(3, perYear.Length);
        Assert.Equal(["2018/19", "2", Nic(2, 3)], perYear[1].Split(',').Select(Normalise));
        Assert.Equal(["2019/20", "2", Nic(4, 5)], perYear[2].Split(',').Select(Normalise));
        var perQuarter = Assert.Single(outputs, o => o[0].StartsWith("financial_quarter,", StringComparison.Ordinal));
        Assert.Equal(2, perQuarter.Length); // April and May 2019: the first quarter of 2019/20 only
        Assert.StartsWith("1,", perQuarter[1], StringComparison.Ordinal);
        var loaded = Assert.Single(outputs, o => o[0].StartsWith("month,financial_year,financial_quarter", StringComparison.Ordinal));
        Assert.Equal(["2019-02-01,2018/19,4", "2019-03-01,2018/19,4", "2019-04-01,2019/20,1", "2019-05-01,2019/20,1"],
            loaded[1..].Select(l => string.Join(',', l.Split(',').Take(3))));
    }

    /// <summary>A decimal as its shortest text (CSV may print trailing zeros).</summary>
    private static string Normalise(string cell) =>
        decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && cell.Contains('.', StringComparison.Ordinal)
            ? d.ToString("0.############", CultureInfo.InvariantCulture)
            : cell;

    /// <summary>The SQL of every <c>rxatlas query … "SQL"</c> line of the README.</summary>
    private static IEnumerable<string> ReadmeQueries()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxAtlas.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        foreach (var line in File.ReadLines(Path.Combine(dir.FullName, "README.md")))
        {
            var match = QueryLine().Match(line);
            if (match.Success) yield return match.Groups["sql"].Value;
        }
    }

    [GeneratedRegex("""^rxatlas query [^"]*"(?<sql>SELECT [^"]+)"$""")]
    private static partial Regex QueryLine();

    [GeneratedRegex(@"\b(FROM|JOIN) months\b")]
    private static partial Regex MonthsView();
}
