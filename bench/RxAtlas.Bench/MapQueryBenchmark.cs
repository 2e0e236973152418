using System.Diagnostics;
using System.Text;
using RxAtlas.Core;
using RxAtlas.SampleData;
using RxAtlas.Sources;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Queries;
using static RxAtlas.Bench.BenchReport;

namespace RxAtlas.Bench;

/// <summary>Issue goal: a map request over a full year of full-size data answers in well under a second.
/// Baseline in the same run: the same per-practice sums computed straight from the <c>prescribing</c> view.</summary>
internal static class MapQueryBenchmark
{
    private const int WarmRuns = 5;

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings)
    {
        var from = new YearMonth(2019, 1);
        var to = from.AddMonths(settings.Months - 1);
        var database = Path.Combine(settings.WorkDir, $"year-{settings.Rows}-{settings.Months}.duckdb");
        await using var warehouse = await EnsureYearAsync(settings, database, from, to);

        var prefixes = await PickPrefixesAsync(warehouse);
        var sb = new StringBuilder();
        sb.AppendLine("## Web map query over a year");
        sb.AppendLine();
        sb.AppendLine($"Machine: {Machine()}. Warehouse: DuckDB, {settings.Months} months × ~{settings.Rows:N0} rows ({from}..{to}). " +
                      $"`IPrescribingQueries.MapAsync` (what `/api/map` runs, before its response cache) against the same sums straight from the `prescribing` view. Cold = first call; warm = median of {WarmRuns}.");
        sb.AppendLine();
        Table(sb, ["selection", "practices", "map cold ms", "map warm ms", "view baseline ms", "baseline / map"]);
        foreach (var (label, prefix) in prefixes)
        {
            var selection = new Selection(prefix.Length == 0 ? [] : [prefix], from, to);
            var cold = await TimeAsync(() => warehouse.Queries.MapAsync(selection));
            var warm = new List<double>();
            IReadOnlyList<PracticeMeasure> result = [];
            for (var i = 0; i < WarmRuns; i++) warm.Add(await TimeAsync(async () => result = await warehouse.Queries.MapAsync(selection)));
            var baseline = await TimeAsync(() => ViewBaselineAsync(warehouse, prefix, from, to));
            sb.AppendLine(Row(label, result.Count, F(cold, 0), F(Median(warm), 0), F(baseline, 0), F(baseline / Median(warm), 1) + "×"));
        }
        return [sb.ToString().TrimEnd()];
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static Task ViewBaselineAsync(IWarehouse warehouse, string prefix, YearMonth from, YearMonth to) =>
        warehouse.QueryAsync(
            $"""
             SELECT practice_code, sum(items), sum(quantity), sum(nic), sum(actual_cost)
             FROM prescribing
             WHERE month BETWEEN DATE '{from.FirstDay:yyyy-MM-dd}' AND DATE '{to.FirstDay:yyyy-MM-dd}' AND bnf_code LIKE '{prefix}%'
             GROUP BY practice_code
             """,
            async reader => { while (await reader.ReadAsync()) { } });

    private static async Task<List<(string Label, string Prefix)>> PickPrefixesAsync(IWarehouse warehouse)
    {
        var picks = new List<(string, string)> { ("all prescribing", "") };
        await warehouse.QueryAsync(
            """
            SELECT 'chapter ' || left(bnf_code, 2), left(bnf_code, 2) FROM prescribing GROUP BY 2 ORDER BY sum(nic) DESC LIMIT 1;
            """,
            async r => { while (await r.ReadAsync()) picks.Add((r.GetString(0), r.GetString(1))); });
        foreach (var (label, length) in new[] { ("section", 4), ("chemical", 9), ("presentation", 15) })
        {
            await warehouse.QueryAsync(
                $"SELECT left(bnf_code, {length}) FROM prescribing GROUP BY 1 ORDER BY sum(nic) DESC LIMIT 1",
                async r => { while (await r.ReadAsync()) picks.Add(($"{label} {r.GetString(0)}", r.GetString(0))); });
        }
        return picks;
    }

    private static async Task<DuckDbWarehouse> EnsureYearAsync(BenchSettings settings, string database, YearMonth from, YearMonth to)
    {
        var warehouse = new DuckDbWarehouse(database);
        await warehouse.MigrateAsync();
        var loaded = await warehouse.LoadedMonthsAsync();
        if (loaded.Count == settings.Months) return warehouse;
        var dir = Path.Combine(settings.WorkDir, $"year-{settings.Rows}");
        foreach (var month in YearMonth.Range(from, to).Where(m => !loaded.Contains(m)))
        {
            var monthDir = Path.Combine(dir, month.ToString());
            Console.Error.WriteLine($"{month}: generating {settings.Rows:N0} rows …");
            var dataset = SampleGenerator.Generate(new GeneratorOptions(monthDir, month, month) { RowsPerMonth = settings.Rows, Format = SampleFormat.PdpiClean, Seed = 2019 });
            var set = ReleaseCatalog.Scan([monthDir]);
            await warehouse.UpsertReferenceAsync(set.ReadReference());
            Console.Error.WriteLine($"{month}: loading …");
            await warehouse.LoadMonthAsync(set.Months.Single());
            Directory.Delete(monthDir, recursive: true); // keep disk use to one month of CSV at a time
            _ = dataset;
        }
        await warehouse.PublishAsync();
        return warehouse;
    }
}
