using System.Globalization;
using RxAtlas.Bench;

// Macro benchmarks. Each measured step runs in a fresh child process (its own peak memory); baselines run in the
// same invocation, alternating with ours, so results are ratios on the same noisy machine.
//
//   dotnet run -c Release --project bench/RxAtlas.Bench -- ingest   [--rows 9400000] [--repeat 3]
//   dotnet run -c Release --project bench/RxAtlas.Bench -- map      [--rows 9400000] [--months 12]
//   dotnet run -c Release --project bench/RxAtlas.Bench -- postgres [--rows 9400000]   (needs RXATLAS_TEST_POSTGRES)
//   dotnet run -c Release --project bench/RxAtlas.Bench -- postgres-map [--rows 9400000] [--months 12]   (the same)
//
// Results are written into docs/benchmarks.md between markers for each benchmark.
if (args.Length > 0 && args[0] == "child") return await Children.RunAsync(args[1], args[2..]);

var settings = BenchSettings.Parse(args);
var report = new List<string>();
switch (settings.Benchmark)
{
    case "ingest": report.AddRange(await IngestBenchmark.RunAsync(settings)); break;
    case "map": report.AddRange(await MapQueryBenchmark.RunAsync(settings)); break;
    case "postgres": report.AddRange(await PostgresLoadBenchmark.RunAsync(settings)); break;
    case "postgres-map": report.AddRange(await MapQueryBenchmark.RunOnPostgresAsync(settings)); break;
    default:
        Console.Error.WriteLine("usage: RxAtlas.Bench ingest|map|postgres|postgres-map [--rows N] [--months N] [--repeat N] [--work DIR] [--doc docs/benchmarks.md]");
        return 2;
}
BenchReport.Replace(settings.DocPath, settings.Benchmark, report);
Console.WriteLine(string.Join(Environment.NewLine, report));
return 0;

/// <summary>Command-line settings shared by the benchmarks.</summary>
internal sealed record BenchSettings(string Benchmark, long Rows, int Months, int Repeat, string WorkDir, string DocPath)
{
    public static BenchSettings Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var root = FindRepositoryRoot();
        return new BenchSettings(
            args.Length > 0 ? args[0] : "",
            long.Parse(Get("--rows", "9400000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--months", "12"), CultureInfo.InvariantCulture),
            int.Parse(Get("--repeat", "3"), CultureInfo.InvariantCulture),
            Get("--work", Path.Combine(root, "bench", "out")),
            Get("--doc", Path.Combine(root, "docs", "benchmarks.md")));
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RxAtlas.slnx"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
