using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Sources;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;
using RxAtlas.Warehouse.Postgres.Bench;

namespace RxAtlas.Bench;

/// <summary>The measured steps, each run in its own process by <see cref="Isolated"/>.</summary>
internal static class Children
{
    public static Task<int> RunAsync(string step, string[] args) => step switch
    {
        "duckdb-read-csv" => Isolated.MeasureAsync("DuckDB read_csv → table", Length(args[0]), () => DuckDbReadCsvAsync(args[0], args[1])),
        "rxatlas-ingest" => Isolated.MeasureAsync("rxatlas ingest (with checks)", Length(args[0]), () => IngestAsync(args[0], args[1])),
        "rxatlas-ingest-spilled" => Isolated.MeasureAsync("rxatlas ingest, rows spilled", Length(args[0]),
            () => IngestAsync(args[0], args[1], SpilledRowsInMemory)),
        "pg-binary-copy" => Isolated.MeasureAsync("rxatlas binary COPY load (with checks)", Length(args[0]), () => PostgresIngestAsync(args[0], args[1])),
        "pg-staging" => Isolated.MeasureAsync("text COPY → staging → INSERT…SELECT", Length(args[0]), () => PostgresStagingAsync(args[0], args[1], StagingShape.AllText)),
        "pg-staging-original" => Isolated.MeasureAsync("text COPY → the original project's tables", Length(args[0]),
            () => PostgresStagingAsync(args[0], args[1], StagingShape.OriginalProject)),
        _ => throw new ArgumentException($"unknown step {step}"),
    };

    private static long Length(string path) => new FileInfo(path).Length;

    private static async Task<long> DuckDbReadCsvAsync(string csv, string database)
    {
        await using var connection = new DuckDBConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE raw AS SELECT * FROM read_csv('{csv.Replace("'", "''", StringComparison.Ordinal)}'); SELECT count(*) FROM raw;";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Rows kept in memory by the "spilled" ingest: a third of a month, standing in for a month three times the size.</summary>
    public const long SpilledRowsInMemory = 3_000_000;

    private static async Task<(long, IReadOnlyList<RxAtlas.Warehouse.LoadPhase>)> IngestAsync(string csv, string database,
        long rowsInMemory = RxAtlas.Core.Coding.CodedPrescribing.DefaultRowsInMemory)
    {
        await using var warehouse = new DuckDbWarehouse(database);
        await warehouse.MigrateAsync();
        var scanned = (MonthRelease)ReleaseCatalog.Scan([csv]).Months.Single();
        var release = new MonthRelease(scanned.Month, scanned.Prescribing, scanned.Addresses, scanned.Chemicals) { RowsInMemory = rowsInMemory };
        var report = await warehouse.LoadMonthAsync(release);
        foreach (var phase in report.Phases) Console.Error.WriteLine($"  {phase.Name}: {phase.Elapsed.TotalSeconds:N2}s");
        return (report.SourceRows, report.Phases);
    }

    private static async Task<(long, IReadOnlyList<RxAtlas.Warehouse.LoadPhase>)> PostgresIngestAsync(string csv, string target)
    {
        await using var warehouse = new PostgresWarehouse(target);
        await warehouse.MigrateAsync();
        var release = ReleaseCatalog.Scan([csv]).Months.Single();
        var report = await warehouse.LoadMonthAsync(release);
        return (report.SourceRows, report.Phases);
    }

    private static async Task<long> PostgresStagingAsync(string csv, string target, StagingShape shape)
    {
        var report = await PostgresStagingBaseline.LoadAsync(target, csv, shape);
        return report.Rows;
    }

    /// <summary>Generates (once, cached by row count) one full-size clean-PDPI month for the load benchmarks.</summary>
    public static string EnsureMonth(BenchSettings settings)
    {
        var dir = Path.Combine(settings.WorkDir, $"pdpi-{settings.Rows}");
        var dataset = Path.Combine(dir, RxAtlas.SampleData.SampleFileNames.Manifest);
        var month = new YearMonth(2019, 11);
        var file = Path.Combine(dir, RxAtlas.SampleData.SampleFileNames.Prescribing(month, RxAtlas.SampleData.SampleFormat.PdpiClean));
        if (!File.Exists(dataset) || !File.Exists(file))
        {
            Console.Error.WriteLine($"generating {settings.Rows:N0} rows into {dir} …");
            RxAtlas.SampleData.SampleGenerator.Generate(new RxAtlas.SampleData.GeneratorOptions(dir, month, month)
            {
                RowsPerMonth = settings.Rows,
                Format = RxAtlas.SampleData.SampleFormat.PdpiClean,
                Seed = 2019,
            });
        }
        return file;
    }
}
