using System.Text;
using static RxAtlas.Bench.BenchReport;

namespace RxAtlas.Bench;

/// <summary>Issue goal: ingesting a full-size clean-PDPI month into DuckDB, with all checks, in at most 0.4× the time DuckDB's
/// own <c>read_csv</c> takes to create a table from the same file; peak memory under 1 GB.</summary>
internal static class IngestBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings)
    {
        var csv = Children.EnsureMonth(settings);
        var baseline = new List<Measurement>();
        var ours = new List<Measurement>();
        for (var i = 0; i < settings.Repeat; i++)
        {
            baseline.Add(await Isolated.RunAsync("duckdb-read-csv", csv, Fresh(settings, "baseline")));
            ours.Add(await Isolated.RunAsync("rxatlas-ingest", csv, Fresh(settings, "ours")));
            Console.Error.WriteLine($"run {i + 1}: read_csv {baseline[^1].Seconds:N2}s, rxatlas {ours[^1].Seconds:N2}s");
        }
        var spilled = await Isolated.RunAsync("rxatlas-ingest-spilled", csv, Fresh(settings, "spilled"));
        Console.Error.WriteLine($"spilled: rxatlas {spilled.Seconds:N2}s, {spilled.PeakMegabytes:N0} MB");
        var b = Median(baseline.Select(m => m.Seconds));
        var o = Median(ours.Select(m => m.Seconds));
        var sb = new StringBuilder();
        sb.AppendLine("## Ingest: one full-size month into DuckDB");
        sb.AppendLine();
        sb.AppendLine($"Machine: {Machine()}. File: clean PDPI layout, {ours[0].Rows:N0} rows, {ours[0].Bytes / 1e6:N0} MB. Median of {settings.Repeat} alternating runs, each in a fresh process and a fresh database file.");
        sb.AppendLine();
        Table(sb, ["step", "median s", "rows/s", "MB/s", "CPU s", "cores busy", "peak memory MB"]);
        foreach (var (name, runs) in new[] { ("DuckDB `read_csv` → table (baseline)", baseline), ("`rxatlas ingest` with all checks", ours) })
        {
            var s = Median(runs.Select(m => m.Seconds));
            sb.AppendLine(Row(name, F(s), F(runs[0].Rows / s, 0), F(runs[0].Bytes / 1e6 / s, 0), F(Median(runs.Select(m => m.CpuSeconds))),
                F(Median(runs.Select(m => m.CoresBusy))), F(runs.Max(m => m.PeakMegabytes), 0)));
        }
        sb.AppendLine(Row($"`rxatlas ingest`, rows spilled beyond {Children.SpilledRowsInMemory:N0} in memory (one run)", F(spilled.Seconds),
            F(spilled.Rows / spilled.Seconds, 0), F(spilled.Bytes / 1e6 / spilled.Seconds, 0), F(spilled.CpuSeconds), F(spilled.CoresBusy),
            F(spilled.PeakMegabytes, 0)));
        sb.AppendLine();
        sb.AppendLine($"**Ratio rxatlas / read_csv: {F(o / b)}×** (goal ≤ 0.40×). Peak memory goal < 1,000 MB: {(ours.Max(m => m.PeakMegabytes) < 1000 ? "met" : "not met")}.");
        var cpu = Median(ours.Select(m => m.CpuSeconds));
        sb.AppendLine();
        sb.AppendLine($"The goal is {F(0.4 * b)} s. The ingest's own CPU time ({F(cpu)} s) on {Environment.ProcessorCount} cores could not take less than " +
            $"{F(cpu / Environment.ProcessorCount)} s even if every core were busy all the time ({F(cpu / Environment.ProcessorCount / b)}× read_csv).");
        sb.AppendLine();
        sb.AppendLine("Phases of the ingest (median s): " + string.Join(", ", ours[0].Phases.Keys.Select(k => $"{k} {F(Median(ours.Select(m => m.Phases.GetValueOrDefault(k))))}")) + ".");
        return [sb.ToString().TrimEnd()];
    }

    private static string Fresh(BenchSettings settings, string name)
    {
        var path = Path.Combine(settings.WorkDir, $"{name}.duckdb");
        foreach (var f in new[] { path, path + ".wal" }) if (File.Exists(f)) File.Delete(f);
        return path;
    }
}
