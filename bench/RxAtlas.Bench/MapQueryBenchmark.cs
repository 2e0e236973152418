using System.Diagnostics;
using System.Text;
using RxAtlas.Core;
using RxAtlas.SampleData;
using RxAtlas.Sources;
using RxAtlas.Warehouse;
using Npgsql;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Queries;
using static RxAtlas.Bench.BenchReport;

namespace RxAtlas.Bench;

/// <summary>Issue goal: a map request over a full year of full-size data answers in well under a second.
/// Baseline in the same run: the same per-practice sums computed straight from the <c>prescribing</c> view.</summary>
internal static class MapQueryBenchmark
{
    private const int WarmRuns = 5;

    /// <summary>Over DuckDB: a warehouse file kept in the work folder.</summary>
    public static Task<IReadOnlyList<string>> RunAsync(BenchSettings settings) =>
        RunAsync(settings, "Web map query over a year", "DuckDB",
            new DuckDbWarehouse(Path.Combine(settings.WorkDir, $"year-{settings.Rows}-{settings.Months}.duckdb")));

    /// <summary>Over PostgreSQL: a database on the <c>RXATLAS_TEST_POSTGRES</c> server, kept there for the next run.</summary>
    public static async Task<IReadOnlyList<string>> RunOnPostgresAsync(BenchSettings settings)
    {
        var server = Environment.GetEnvironmentVariable("RXATLAS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set RXATLAS_TEST_POSTGRES (scripts/postgres.sh start prints it).");
        var builder = PostgresTarget.ToConnectionString(server);
        var name = $"bench_year_{settings.Rows}_{settings.Months}";
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }
        builder.Database = name;
        builder.CommandTimeout = 0; // the view baseline sums a year row by row: minutes, not the default 30 s
        return await RunAsync(settings, "Web map query over a year on PostgreSQL", "PostgreSQL (scripts/postgres.sh)",
            new PostgresWarehouse(builder.ConnectionString));
    }

    private static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, string title, string engine, IWarehouse opened)
    {
        var from = new YearMonth(2019, 1);
        var to = from.AddMonths(settings.Months - 1);
        await using var warehouse = opened;
        await EnsureYearAsync(warehouse, settings, from, to);

        var prefixes = await PickPrefixesAsync(warehouse);
        var sb = new StringBuilder();
        sb.AppendLine("## " + title);
        sb.AppendLine();
        sb.AppendLine($"Machine: {Machine()}. Warehouse: {engine}, {settings.Months} months × ~{settings.Rows:N0} rows ({from}..{to}). " +
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

    /// <summary>Generates and loads whichever months of the year the warehouse lacks.</summary>
    private static async Task EnsureYearAsync(IWarehouse warehouse, BenchSettings settings, YearMonth from, YearMonth to)
    {
        await warehouse.MigrateAsync();
        var loaded = await warehouse.LoadedMonthsAsync();
        if (loaded.Count == settings.Months) return;
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
    }
}
