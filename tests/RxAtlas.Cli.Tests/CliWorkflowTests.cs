using System.Globalization;
using RxAtlas.Core;
using RxAtlas.SampleData;

namespace RxAtlas.Cli.Tests;

/// <summary>The command line as a user drives it: generate, ingest, query, check, bad input, exit codes.</summary>
/// <remarks>Runs with the tests that set <c>RXATLAS_*</c> environment variables, never alongside them.</remarks>
[Collection(RxAtlas.Cli.Tests.EndToEnd.FetchEndToEndCollection.Name)]
public sealed class CliWorkflowTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Warehouse => "duckdb:" + _dir["w.duckdb"];

    [Fact]
    public async Task GenerateIngestQuery_TotalsEqualTheGeneratorsManifest()
    {
        var gen = await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-12", "--rows", "3000", "--format", "epd-snomed", "--seed", "3");
        Assert.Equal(0, gen.Exit);

        var ingest = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["gen"]);
        Assert.True(ingest.Exit == 0, ingest.Err + ingest.Out);
        Assert.Contains("2 month(s) loaded, 0 failed", ingest.Out);

        var query = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv",
            "SELECT strftime(month, '%Y-%m') AS month, count(*) AS facts, sum(items) AS items, sum(nic) AS nic, sum(actual_cost) AS actual_cost FROM prescribing GROUP BY 1 ORDER BY 1");
        Assert.Equal(0, query.Exit);
        var lines = query.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("month,facts,items,nic,actual_cost", lines[0]);
        var manifest = SampleManifest.Read(_dir["gen/manifest.json"]);
        foreach (var (line, expected) in lines[1..].Zip(manifest.Months))
        {
            var cells = line.Split(',');
            Assert.Equal(expected.Month.ToString(), cells[0]);
            Assert.Equal(expected.DistinctKeys, long.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Totals.Items, long.Parse(cells[2], CultureInfo.InvariantCulture));
            Assert.Equal(FixedPoint.ToDecimal(expected.Totals.NicPence, Scale.NicDigits), decimal.Parse(cells[3], CultureInfo.InvariantCulture));
            Assert.Equal(FixedPoint.ToDecimal(expected.Totals.ActualCostE5, Scale.ActualCostDigits), decimal.Parse(cells[4], CultureInfo.InvariantCulture));
        }

        var sizes = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv",
            "SELECT strftime(month, '%Y-%m') AS month, count(*) AS practices, sum(patients) AS patients FROM list_sizes GROUP BY 1 ORDER BY 1");
        Assert.Equal(0, sizes.Exit);
        Assert.Equal(manifest.Months.Select(m => $"{m.Month},{m.ListSizePractices},{m.ListSizePatients}"),
            sizes.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..]);

        var again = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["gen"]);
        Assert.Equal(0, again.Exit);
        var count = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "json", "SELECT count(*) AS n FROM prescribing");
        Assert.Contains($"\"n\": {manifest.Months.Sum(m => m.DistinctKeys)}", count.Out); // reloading replaced, never doubled

        var check = await CliRunner.RunAsync("check", "--warehouse", Warehouse, "--month", "2019-12");
        Assert.Equal(0, check.Exit);
        Assert.Contains("nic_match_source", check.Out);
    }

    [Fact]
    public async Task Ingest_CorruptFile_ExitsOneNamingFileLineAndField_AndLeavesWarehouseUnchanged()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-11", "--rows", "2000", "--format", "pdpi-clean");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["gen"])).Exit);
        var before = (await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", "SELECT count(*), sum(nic) FROM prescribing")).Out;

        var file = _dir["gen/T201911PDPI BNFT.csv"];
        var lines = File.ReadAllLines(file);
        lines[41] = lines[41].Replace(",201911", ",201912", StringComparison.Ordinal); // a file mixing months
        File.WriteAllLines(file, lines);
        var result = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, file);

        Assert.Equal(1, result.Exit);
        Assert.Contains("T201911PDPI BNFT.csv, line 42, field PERIOD", result.Err);
        var after = (await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", "SELECT count(*), sum(nic) FROM prescribing")).Out;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Ingest_AMonthAlreadyLoadedFromTheOtherDataset_SaysItReplacedItNamingBoth()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["pdpi"], "--from", "2019-06", "--to", "2019-06", "--rows", "1000", "--format", "pdpi-clean");
        await CliRunner.RunAsync("generate", "--out", _dir["epd"], "--from", "2019-06", "--to", "2019-06", "--rows", "1000", "--format", "epd-snomed");
        var first = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["pdpi"]);
        var again = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["pdpi"]);

        var replacing = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["epd"]);

        Assert.Equal((0, 0, 0), (first.Exit, again.Exit, replacing.Exit));
        Assert.DoesNotContain("replaced", first.Out + again.Out, StringComparison.Ordinal);
        var said = replacing.Out.ReplaceLineEndings(" ");
        Assert.Contains("replaced 2019-06's earlier PDPI load (", said, StringComparison.Ordinal);
        Assert.Contains("T201906PDPI BNFT.csv", said, StringComparison.Ordinal);
        Assert.Contains(") with EPD (", said, StringComparison.Ordinal);
        Assert.Contains("the newest load of a month wins", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OfAMonthIngestedFromPdpi_LoadsEpdAndSaysItReplacedThePdpiLoad()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["pdpi"], "--from", "2019-06", "--to", "2019-06", "--rows", "1000", "--format", "pdpi-clean");
        await CliRunner.RunAsync("generate", "--out", _dir["epd"], "--from", "2019-06", "--to", "2019-06", "--rows", "1000", "--format", "epd-snomed");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["pdpi"])).Exit);
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            var run = await CliRunner.RunAsync("run", "--warehouse", Warehouse, "--month", "2019-06", "--from-dir", _dir["epd"]);

            Assert.True(run.Exit == 0, run.Err + run.Out);
            var said = run.Out.ReplaceLineEndings(" ");
            Assert.Contains("Warning: replaced 2019-06's earlier PDPI load (", said, StringComparison.Ordinal);
            Assert.Contains(") with EPD (", said, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task Ingest_AnEmptyMonthBesideAGoodOne_FailsAloneAndTheOtherLoads()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-01", "--to", "2019-02", "--rows", "1000", "--format", "pdpi-clean");
        await File.WriteAllTextAsync(_dir["gen/T201901PDPI BNFT.csv"], "");

        var result = await CliRunner.RunAsync("ingest", "--warehouse", Warehouse, _dir["gen"]);

        Assert.Equal(1, result.Exit);
        Assert.Contains("T201901PDPI BNFT.csv: the file is empty", result.Err, StringComparison.Ordinal);
        var months = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", "SELECT DISTINCT month FROM prescribing");
        Assert.Equal("month\n2019-02-01\n", months.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Ingest_FilesNamedOneByOneIncludingTheGeneratorsManifest_SkipsTheManifestWithANote()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-01", "--to", "2019-01", "--rows", "1000");
        var files = Directory.GetFiles(_dir["gen"]).Order(StringComparer.Ordinal).ToArray(); // like gen/*.csv gen/*.json
        Assert.Contains(_dir["gen/manifest.json"], files);

        var result = await CliRunner.RunAsync(["ingest", "--warehouse", Warehouse, .. files]);

        Assert.True(result.Exit == 0, result.Err + result.Out);
        Assert.Contains("1 month(s) loaded, 0 failed", result.Out, StringComparison.Ordinal);
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("manifest.json: the sample generator's manifest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadArguments_ExitTwoWithAMessage()
    {
        var result = await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-13");
        Assert.Equal(2, result.Exit);
        Assert.Contains("'2019-13' is not a month", result.Err);
    }

    [Theory]
    [InlineData("is before the first month", "generate", "--out", "gen", "--from", "2019-05", "--to", "2019-01")]
    [InlineData("not a valid cron expression", "schedule", "--cron", "bad cron")]
    [InlineData("Mars/Olympus", "schedule", "--cron", "0 7 * * *", "--time-zone", "Mars/Olympus")]
    [InlineData("--from 2019-06 is after --to 2019-01", "fetch", "--from", "2019-06", "--to", "2019-01", "--source", "epd")]
    [InlineData("--from 2019-06 is after --to 2019-01", "sources", "--from", "2019-06", "--to", "2019-01")]
    public async Task ValuesThatCanNeverWork_ExitTwoWithoutAStackTrace(string message, params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args.Select(a => a == "gen" ? _dir["gen"] : a)]);

        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfill_FromDir_LoadsEachMonthGreen_RerunChangesNothing_AndRunsListsThem()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-01", "--to", "2019-03", "--rows", "1500");
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            var first = await CliRunner.RunAsync("backfill", "--warehouse", Warehouse, "--from", "2019-01", "--to", "2019-03", "--from-dir", _dir["gen"]);
            Assert.True(first.Exit == 0, first.Err + first.Out);
            var second = await CliRunner.RunAsync("backfill", "--warehouse", Warehouse, "--from", "2019-01", "--to", "2019-03", "--from-dir", _dir["gen"]);
            Assert.Equal(0, second.Exit);
            Assert.Equal(3, second.Out.Split(": AlreadyLoaded").Length - 1);

            var runs = await CliRunner.RunAsync("runs", "--warehouse", Warehouse, "--format", "csv");
            var lines = runs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("run_id,dag,month,state,started,ended,error", lines[0]);
            Assert.Equal(["2019-03", "2019-02", "2019-01"], lines[1..].Select(l => l.Split(',')[2]));
            Assert.All(lines[1..], l => Assert.Equal("Success", l.Split(',')[3]));
            Assert.True(Directory.Exists(_dir["lake/raw/pdpi/2019-02"]), "files were acquired into the lake");

            var dag = await CliRunner.RunAsync("dag", "--warehouse", Warehouse, "--mermaid");
            Assert.Contains("acquire --> stage_prescribing", dag.Out.Replace("  ", " ", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public Task Backfill_ListSizesFetchedAfterTheMonthWasLoaded_LoadsThemAloneAndRunsShowsTheTask() =>
        LateListSizesAsync(_dir, Warehouse);

    /// <summary>A month backfilled before its list sizes existed; the list-size file then reaches the lake (as
    /// <c>rxatlas fetch --source listsize</c> puts it there); the next backfill loads the list sizes alone, once.</summary>
    internal static async Task LateListSizesAsync(TempDir dir, string warehouse)
    {
        await CliRunner.RunAsync("generate", "--out", dir["gen"], "--from", "2019-01", "--to", "2019-01", "--rows", "1500");
        var listSizes = File.ReadAllBytes(dir["gen/listsize/2019-01/gp-reg-pat-prac-all.csv"]);
        Directory.Delete(dir["gen/listsize"], recursive: true);
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", dir["lake"]);
        try
        {
            string[] backfill = ["backfill", "--warehouse", warehouse, "--from", "2019-01", "--to", "2019-01", "--from-dir", dir["gen"]];
            var first = await CliRunner.RunAsync(backfill);
            Assert.True(first.Exit == 0, first.Err + first.Out);
            Directory.CreateDirectory(dir["lake/raw/listsize/2019-01"]);
            File.WriteAllBytes(dir["lake/raw/listsize/2019-01/gp-reg-pat-prac-all.csv"], listSizes);

            var second = await CliRunner.RunAsync(backfill);
            var third = await CliRunner.RunAsync(backfill);

            Assert.True(second.Exit == 0, second.Err + second.Out);
            Assert.Contains("2019-01: Succeeded", second.Out, StringComparison.Ordinal);
            Assert.Contains("2019-01: AlreadyLoaded", third.Out, StringComparison.Ordinal);
            var runs = await CliRunner.RunAsync("runs", "--warehouse", warehouse, "--format", "csv");
            var newest = runs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1];
            Assert.Contains(",Success,", newest, StringComparison.Ordinal);
            Assert.Contains("load_list_sizes:Success", newest, StringComparison.Ordinal);
            var count = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", "SELECT count(*) AS n, count(DISTINCT month) AS months FROM list_sizes");
            Assert.True(count.Exit == 0, count.Err);
            Assert.Matches(@"^n,months\s+[1-9]\d*,1\s*$", count.Out);
            var loads = await CliRunner.RunAsync("query", "--warehouse", warehouse, "--format", "csv", "SELECT count(*) AS loads FROM meta.loads");
            Assert.Matches(@"^loads\s+1\s*$", loads.Out); // the month's prescribing was loaded once
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task RunOfAProcessOnAnotherHost_BlocksItsMonthCleanly_UntilRunsInterruptFreesIt()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-01", "--to", "2019-01", "--rows", "1500");
        long runId;
        await using (var other = new RxAtlas.Warehouse.DuckDb.DuckDbWarehouse(_dir["w.duckdb"],
                         new() { RunOwner = new RxAtlas.Warehouse.Runs.RunOwner("replaced-pod", 4242, null) }))
        {
            await other.MigrateAsync();
            runId = await other.Runs.StartRunAsync(RxAtlas.Pipeline.Prescribing.PrescribingDag.Name, new YearMonth(2019, 1), "schedule", DateTimeOffset.UtcNow);
        }
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            // Its owner cannot be probed from here, so the run counts as alive: one clear line, exit 1, no stack trace.
            var blocked = await CliRunner.RunAsync("run", "--warehouse", Warehouse, "--month", "2019-01", "--from-dir", _dir["gen"]);
            Assert.Equal(1, blocked.Exit);
            Assert.Contains($"Run {runId} for 2019-01 is being run by process", blocked.Err, StringComparison.Ordinal);
            Assert.Contains("another host this process cannot check", blocked.Err, StringComparison.Ordinal);
            Assert.Contains($"rxatlas runs --interrupt {runId}", blocked.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", blocked.Err, StringComparison.Ordinal);

            var interrupt = await CliRunner.RunAsync("runs", "--warehouse", Warehouse, "--interrupt", runId.ToString(CultureInfo.InvariantCulture));
            Assert.True(interrupt.Exit == 0, interrupt.Err);
            Assert.Contains($"rxatlas run --month 2019-01 --resume {runId}", interrupt.Out, StringComparison.Ordinal);
            var again = await CliRunner.RunAsync("runs", "--warehouse", Warehouse, "--interrupt", runId.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(1, again.Exit);
            Assert.Contains("is Interrupted, not running", again.Err, StringComparison.Ordinal);

            var resumed = await CliRunner.RunAsync("run", "--warehouse", Warehouse, "--month", "2019-01", "--from-dir", _dir["gen"], "--resume", runId.ToString(CultureInfo.InvariantCulture));
            Assert.True(resumed.Exit == 0, resumed.Err + resumed.Out);
            Assert.Contains($"Run {runId}: Success", resumed.Out, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task Dag_NeedsNoWarehouse_AndCreatesNone()
    {
        var path = _dir["none.duckdb"];

        var shape = await CliRunner.RunAsync("dag", "--warehouse", "duckdb:" + path);
        var coloured = await CliRunner.RunAsync("dag", "--warehouse", "duckdb:" + path, "--run", "5");

        Assert.True(shape.Exit == 0, shape.Err);
        Assert.Contains("stage_prescribing", shape.Out, StringComparison.Ordinal);
        Assert.Equal(1, coloured.Exit);
        Assert.Contains($"There is no warehouse at {path}", coloured.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Run_FromCronFailingTheSameWay_NotifiesOnceADay_AndAnotherFailureAtOnce()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-11", "--rows", "1000", "--format", "pdpi-clean");
        var file = _dir["gen/T201911PDPI BNFT.csv"];
        var good = File.ReadAllLines(file);
        void Corrupt(int line, string from, string to)
        {
            var lines = (string[])good.Clone();
            lines[line] = lines[line].Replace(from, to, StringComparison.Ordinal);
            File.WriteAllLines(file, lines);
        }
        await using var hook = new WebhookReceiver();
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            // Each CliRunner call opens the warehouse afresh, as each cron-started process does.
            Task<(int Exit, string Out, string Err)> RunAsync() =>
                CliRunner.RunAsync("run", "--warehouse", Warehouse, "--month", "2019-11", "--from-dir", _dir["gen"], "--webhook", hook.Url);

            Corrupt(41, ",201911", ",201912");
            var first = await RunAsync();
            var second = await RunAsync();
            Corrupt(41, ",201911", ",201913");
            var third = await RunAsync();

            Assert.Equal((1, 1, 1), (first.Exit, second.Exit, third.Exit));
            Assert.Contains("Not notifying again: 2019-11 failed the same way", second.Out, StringComparison.Ordinal);
            Assert.Equal(2, hook.Bodies.Count);
            Assert.All(hook.Bodies, b => Assert.Contains("\"state\":\"Failed\"", b, StringComparison.Ordinal));
            Assert.Contains("\"runId\":1,", hook.Bodies[0], StringComparison.Ordinal);
            Assert.Contains("the file mixes months", hook.Bodies[0], StringComparison.Ordinal);
            Assert.Contains("\"runId\":3,", hook.Bodies[1], StringComparison.Ordinal);
            Assert.Contains("is not a month", hook.Bodies[1], StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task Backfill_AFailingMonth_NotifiesItAlone_OnceADay_AndItsRecovery_ButNotPlainSuccesses()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-12", "--rows", "1000", "--format", "pdpi-clean");
        var file = _dir["gen/T201912PDPI BNFT.csv"];
        var good = File.ReadAllLines(file);
        await using var hook = new WebhookReceiver();
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            // Each CliRunner call opens the warehouse afresh, as each cron-started process does.
            Task<(int Exit, string Out, string Err)> BackfillAsync(string to, params string[] more) =>
                CliRunner.RunAsync(["backfill", "--warehouse", Warehouse, "--from", "2019-11", "--to", to, "--from-dir", _dir["gen"], .. more]);

            var corrupt = (string[])good.Clone();
            corrupt[41] = corrupt[41].Replace(",201912", ",201911", StringComparison.Ordinal); // a file mixing months
            File.WriteAllLines(file, corrupt);
            Assert.Equal(0, (await BackfillAsync("2019-11", "--webhook", hook.Url)).Exit); // 2019-11 loads
            var bodiesAfterSuccess = hook.Bodies.Count; // a success that ends no notified failure is not notified
            var first = await BackfillAsync("2019-12", "--webhook", hook.Url);
            var bodiesAfterFirst = hook.Bodies.Count;
            var second = await BackfillAsync("2019-12", "--webhook", hook.Url);
            var bodiesAfterSecond = hook.Bodies.Count;
            File.WriteAllLines(file, good);
            var third = await BackfillAsync("2019-12", "--webhook", hook.Url);

            Assert.Equal((1, 1, 0), (first.Exit, second.Exit, third.Exit));
            Assert.Contains("2019-11: AlreadyLoaded", first.Out, StringComparison.Ordinal);
            Assert.Equal((0, 1, 1), (bodiesAfterSuccess, bodiesAfterFirst, bodiesAfterSecond));
            Assert.Contains("\"state\":\"Failed\"", hook.Bodies[0], StringComparison.Ordinal);
            Assert.Contains("\"month\":\"2019-12\"", hook.Bodies[0], StringComparison.Ordinal);
            Assert.Contains("\"trigger\":\"backfill\"", hook.Bodies[0], StringComparison.Ordinal);
            Assert.Contains("the file mixes months", hook.Bodies[0], StringComparison.Ordinal);
            Assert.Contains("Not notifying again: 2019-12 failed the same way", second.Out, StringComparison.Ordinal);
            Assert.Equal(2, hook.Bodies.Count); // the month that then succeeded is notified: it ends a notified failure
            Assert.Contains("\"state\":\"Success\"", hook.Bodies[1], StringComparison.Ordinal);
            Assert.Contains("\"month\":\"2019-12\"", hook.Bodies[1], StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task LakeVerify_AFileCutShort_ExitsOneNamingItExpectedAndFound_AndCopyingAgainRepairsIt()
    {
        await CliRunner.RunAsync("generate", "--out", _dir["gen"], "--from", "2019-11", "--to", "2019-11", "--rows", "1000", "--format", "pdpi-clean");
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", _dir["lake"]);
        try
        {
            Assert.Equal(0, (await CliRunner.RunAsync("run", "--warehouse", Warehouse, "--month", "2019-11", "--from-dir", _dir["gen"])).Exit);
            var clean = await CliRunner.RunAsync("lake", "verify");
            var lakeFile = _dir["lake/raw/pdpi/2019-11/T201911PDPI BNFT.csv"];
            var size = new FileInfo(lakeFile).Length;
            File.WriteAllBytes(lakeFile, File.ReadAllBytes(lakeFile)[..100]); // truncated after it was recorded

            var damaged = await CliRunner.RunAsync("lake", "verify", "--source", "pdpi", "--month", "2019-11");
            var repair = await CliRunner.RunAsync("run", "--warehouse", Warehouse, "--month", "2019-11", "--from-dir", _dir["gen"]);
            var repaired = await CliRunner.RunAsync("lake", "verify");

            Assert.True(clean.Exit == 0, clean.Out + clean.Err);
            Assert.Contains("match their manifests", clean.Out, StringComparison.Ordinal);
            Assert.Equal(1, damaged.Exit);
            var said = damaged.Out.ReplaceLineEndings(" ");
            Assert.Contains($"MISMATCH {Path.Combine("raw", "pdpi", "2019-11", "T201911PDPI BNFT.csv")} (size): expected {size:N0} bytes, found 100 bytes", said, StringComparison.Ordinal);
            Assert.Contains($"--month 2019-11 --from-dir {_dir["gen"]}", said, StringComparison.Ordinal);
            Assert.Contains("1 of ", said, StringComparison.Ordinal);
            Assert.True(repair.Exit == 0, repair.Out + repair.Err);
            Assert.True(repaired.Exit == 0, repaired.Out + repaired.Err);
            Assert.Equal(size, new FileInfo(lakeFile).Length);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public async Task LakeVerify_NoLakeAtTheGivenPath_ExitsOneNamingIt()
    {
        var missing = _dir["no-such-lake"];
        Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", missing);
        try
        {
            var result = await CliRunner.RunAsync("lake", "verify");

            Assert.Equal(1, result.Exit);
            Assert.Contains($"there is no lake at {missing}", result.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("match their manifests", result.Out, StringComparison.Ordinal);
            Assert.False(Directory.Exists(missing));
        }
        finally
        {
            Environment.SetEnvironmentVariable("RXATLAS_Lake__Root", null);
        }
    }

    [Fact]
    public void LakeVerify_AFetchedFile_IsFetchedAgainWithVerify()
    {
        var entry = new RxAtlas.Acquisition.LakeEntry(RxAtlas.Acquisition.SourceKind.Epd, "2024-01", "prescribing", "EPD_SNOMED_202401.ZIP",
            "https://opendata.nhsbsa.net/dataset/x/resource/y", null, 10, "ab", DateTimeOffset.UnixEpoch);

        Assert.Contains("'rxatlas fetch --source epd --month 2024-01 --verify'", Commands.LakeCommand.Remedy(entry), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dag", "--run", "99")]
    [InlineData("runs", "--interrupt", "99")]
    public async Task ARunIdThatDoesNotExist_IsAUsageError(params string[] args)
    {
        await using (var warehouse = new RxAtlas.Warehouse.DuckDb.DuckDbWarehouse(_dir["w.duckdb"])) await warehouse.MigrateAsync();

        var result = await CliRunner.RunAsync([.. args, "--warehouse", Warehouse]);

        Assert.Equal(2, result.Exit);
        Assert.Contains("There is no run 99.", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchHelp_OffersVerify()
    {
        var result = await CliRunner.RunAsync("fetch", "--help");
        Assert.Equal(0, result.Exit);
        Assert.Contains("--verify", result.Out, StringComparison.Ordinal);
        Assert.Contains("against its manifest", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await CliRunner.RunAsync("--help");
        Assert.Equal(0, result.Exit);
        foreach (var command in new[] { "generate", "ingest", "query", "check", "demo", "serve", "run", "backfill", "runs", "dag", "schedule", "fetch", "sources", "lake" })
            Assert.Contains(command, result.Out);
    }
}
