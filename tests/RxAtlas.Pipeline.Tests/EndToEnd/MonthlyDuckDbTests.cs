#if RXATLAS_E2E
using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.SampleData;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.EndToEnd;

/// <summary>The monthly DAG against the real readers, sample data and DuckDB. Compiled once those projects have landed
/// (RXATLAS_E2E is defined by the csproj when their sources exist).</summary>
[Collection(ProcessRunGateCollection.Name)]
public sealed class MonthlyDuckDbTests : IDisposable
{
    private readonly TempFolder _source = new();
    private readonly TempFolder _lake = new();
    private readonly TempFolder _db = new();

    public void Dispose()
    {
        _source.Dispose();
        _lake.Dispose();
        _db.Dispose();
    }

    private MonthlyRunner Runner(DuckDbWarehouse warehouse) => PrescribingDag.CreateRunner(
        new PrescribingDagSettings(warehouse, new Lake(_lake.Path)) { Acquirer = new DirectoryAcquirer(_source.Path) });

    [Fact]
    public async Task Backfill_SampleMonths_LoadsEachThenSkipsWhenNothingChanged()
    {
        var (from, to) = (new YearMonth(2019, 10), new YearMonth(2019, 11));
        var generated = SampleGenerator.Generate(new GeneratorOptions(_source.Path, from, to) { RowsPerMonth = 2000 });
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_db.Path, "rx.duckdb"));
        await warehouse.MigrateAsync();
        var runner = Runner(warehouse);

        var summary = await new global::RxAtlas.Pipeline.Backfill(runner, warehouse).RunAsync(from, to).Within();
        var again = await runner.RunMonthAsync(to).Within();

        Assert.True(summary.Ok, string.Join("\n", summary.Months.Select(m => $"{m.Month} {m.Status} {m.Error}")));
        Assert.Equal([from, to], await warehouse.LoadedMonthsAsync());
        Assert.Equal(RunState.Skipped, again.State);
        Assert.Equal(10, (await warehouse.Runs.ListTasksAsync(summary.Months[0].RunId!.Value)).Count);
        Assert.Equal([from, to], await warehouse.Queries.ListSizeMonthsAsync());
        long patients = 0;
        await warehouse.QueryAsync("SELECT SUM(patients) FROM list_sizes", async r => { await r.ReadAsync(); patients = r.GetInt64(0); });
        Assert.Equal(generated.Months.Sum(m => m.ListSizes.Sum(s => (long)s.Patients)), patients);
    }

    [Fact]
    public async Task Resume_AfterAFailurePastTheLoad_NoFileChanged_DoesNotReloadTheMonth()
    {
        var month = new YearMonth(2019, 11);
        SampleGenerator.Generate(new GeneratorOptions(_source.Path, month, month) { RowsPerMonth = 500 });
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_db.Path, "rx.duckdb"));
        await warehouse.MigrateAsync();
        var geocoderDown = true;
        var runner = PrescribingDag.CreateRunner(new PrescribingDagSettings(warehouse, new Lake(_lake.Path))
        {
            Acquirer = new DirectoryAcquirer(_source.Path),
            TaskOptions = TaskOptions.Default,
            Geocode = (postcodes, _) => geocoderDown
                ? throw new IOException("geocoder unavailable")
                : Task.FromResult<IReadOnlyList<PostcodeLocation>>([.. postcodes.Select(p => new PostcodeLocation(p, null, null))]),
        });

        var failed = await runner.RunMonthAsync(month).Within();
        var loadedAt = await LoadedAtAsync(warehouse);
        geocoderDown = false;
        var resumed = await runner.RunMonthAsync(month, resumeRunId: failed.RunId).Within();

        Assert.Equal(RunState.Failed, failed.State);
        Assert.True(resumed.State == RunState.Success, $"resumed run ended {resumed.State}: {resumed.Error}");
        Assert.Equal(loadedAt, await LoadedAtAsync(warehouse)); // meta.loads untouched: the month was not loaded again
        Assert.Contains(PrescribingDag.Tasks.Load, resumed.Kept);
    }

    [Fact]
    public async Task Run_ListSizesArriveAfterTheMonthWasLoaded_LoadsThemWithoutReloadingTheMonth()
    {
        var month = new YearMonth(2019, 11);
        var generated = SampleGenerator.Generate(new GeneratorOptions(_source.Path, month, month) { RowsPerMonth = 500 }).Months[0];
        var listSizes = generated.ListSizeFile!;
        var held = Path.Combine(_db.Path, "gp-reg-pat-prac-all.csv");
        File.Move(listSizes, held); // not published yet
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_db.Path, "rx.duckdb"));
        await warehouse.MigrateAsync();
        var runner = Runner(warehouse);

        var first = await runner.RunMonthAsync(month).Within();
        var loadedAt = await LoadedAtAsync(warehouse);
        File.Move(held, listSizes);
        var second = await runner.RunMonthAsync(month).Within();
        var third = await runner.RunMonthAsync(month).Within();

        Assert.Equal(RunState.Success, first.State);
        Assert.True(second.State == RunState.Success, $"second run ended {second.State}: {second.Error}");
        Assert.Equal(RunState.Skipped, third.State); // the warehouse's list sizes are the lake's now
        Assert.Equal(loadedAt, await LoadedAtAsync(warehouse)); // meta.loads untouched: the month was not loaded again
        long patients = 0;
        await warehouse.QueryAsync("SELECT SUM(patients) FROM list_sizes", async r => { await r.ReadAsync(); patients = r.GetInt64(0); });
        Assert.Equal(generated.ListSizes.Sum(s => (long)s.Patients), patients);
        Assert.Equal(generated.ListSizes.Count, second.Rows[PrescribingDag.Tasks.LoadListSizes]);
    }

    [Fact]
    public async Task Backfill_ListSizesFetchedIntoTheLakeForALoadedMonth_LoadsThemAndOnlyThem()
    {
        var month = new YearMonth(2019, 11);
        var generated = SampleGenerator.Generate(new GeneratorOptions(_source.Path, month, month) { RowsPerMonth = 500 }).Months[0];
        var listSizes = File.ReadAllBytes(generated.ListSizeFile!);
        File.Delete(generated.ListSizeFile!);
        File.Delete(generated.PracticeMapFile!); // nothing of the list-size publication yet (the fetch records what it downloads)
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_db.Path, "rx.duckdb"));
        await warehouse.MigrateAsync();
        var settings = new PrescribingDagSettings(warehouse, new Lake(_lake.Path)) { Acquirer = new DirectoryAcquirer(_source.Path) };
        var runner = PrescribingDag.CreateRunner(settings);
        var backfill = new global::RxAtlas.Pipeline.Backfill(runner, warehouse);
        var options = new BackfillOptions { RunLoadedMonthWhen = (m, ct) => PrescribingDag.ListSizesPendingAsync(settings, m, ct) };
        Assert.Equal(RunState.Success, (await runner.RunMonthAsync(month).Within()).State);
        var loadedAt = await LoadedAtAsync(warehouse);

        var nothingPending = await backfill.RunAsync(month, month, options).Within();
        Directory.CreateDirectory(Path.Combine(_lake.Path, "raw", "listsize", "2019-11"));
        File.WriteAllBytes(Path.Combine(_lake.Path, "raw", "listsize", "2019-11", "gp-reg-pat-prac-all.csv"), listSizes); // `rxatlas fetch`
        var pending = await backfill.RunAsync(month, month, options).Within();
        var done = await backfill.RunAsync(month, month, options).Within();

        Assert.Equal(BackfillStatus.AlreadyLoaded, Assert.Single(nothingPending.Months).Status);
        Assert.Equal(BackfillStatus.Succeeded, Assert.Single(pending.Months).Status);
        Assert.Equal(BackfillStatus.AlreadyLoaded, Assert.Single(done.Months).Status);
        Assert.Equal(loadedAt, await LoadedAtAsync(warehouse));
        Assert.Equal([month], await warehouse.Queries.ListSizeMonthsAsync());
        Assert.True(await PrescribingDag.ListSizesWantedAsync(settings, month.Next()) && !await PrescribingDag.ListSizesWantedAsync(settings, month));
    }

    private static async Task<DateTime> LoadedAtAsync(DuckDbWarehouse warehouse)
    {
        DateTime loadedAt = default;
        await warehouse.QueryAsync("SELECT loaded_at FROM meta.loads", async r => { Assert.True(await r.ReadAsync()); loadedAt = r.GetDateTime(0); });
        return loadedAt;
    }

    [Fact]
    public async Task Run_CorruptRow_FailsNamingFileAndLineThenResumeAfterFixCompletes()
    {
        var month = new YearMonth(2019, 11);
        var dataset = SampleGenerator.Generate(new GeneratorOptions(_source.Path, month, month) { RowsPerMonth = 500 });
        var file = dataset.Months[0].PrescribingFile;
        var good = File.ReadAllLines(file);
        var bad = (string[])good.Clone();
        var cells = bad[100].Split(',');
        cells[5] = "x"; // ITEMS
        bad[100] = string.Join(',', cells);
        File.WriteAllLines(file, bad);
        await using var warehouse = new DuckDbWarehouse(Path.Combine(_db.Path, "rx.duckdb"));
        await warehouse.MigrateAsync();
        var runner = Runner(warehouse);

        var failed = await runner.RunMonthAsync(month).Within();
        File.WriteAllLines(file, good); // the user fixes the file they supplied; resume acquires it again
        var resumed = await runner.RunMonthAsync(month, resumeRunId: failed.RunId).Within();

        Assert.Equal(RunState.Failed, failed.State);
        Assert.Contains("T201911PDPI BNFT.csv, line 101, field ITEMS", failed.Error);
        Assert.True(resumed.State == RunState.Success, $"resumed run ended {resumed.State}: {resumed.Error}");
        Assert.Equal([month], await warehouse.LoadedMonthsAsync());
    }
}
#endif
