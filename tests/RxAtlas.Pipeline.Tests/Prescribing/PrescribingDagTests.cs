using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;
using T = RxAtlas.Pipeline.Prescribing.PrescribingDag.Tasks;

namespace RxAtlas.Pipeline.Tests.Prescribing;

public sealed class PrescribingDagTests : IDisposable
{
    private static readonly YearMonth November = new(2019, 11);
    private readonly TempFolder _source = new();
    private readonly TempFolder _lakeFolder = new();
    private readonly FakeWarehouse _warehouse = new();
    private readonly FakeStager _stager = new();
    private readonly InMemoryRunStore _store = new();
    private readonly RecordingTimeProvider _time = new();

    public PrescribingDagTests()
    {
        _source.Write("T201911PDPI BNFT.csv", "pdpi");
        _source.Write("T201911ADDR BNFT.csv", "addr");
    }

    private Lake Lake => new(_lakeFolder.Path);

    private Dag Build(TaskOptions? options = null, FakeGeocoder? geocoder = null, bool validateRows = false) =>
        PrescribingDag.Build(new PrescribingDagSettings(_warehouse, Lake)
        {
            Acquirer = new DirectoryAcquirer(_source.Path),
            Stager = _stager,
            Geocode = geocoder is null ? null : geocoder.GeocodeAsync,
            TaskOptions = options,
            ValidateRowsWhenStaging = validateRows,
        });

    private Task<DagRunResult> RunAsync(Dag dag, bool force = false, long? resume = null) =>
        new DagRunner(_store, _time).RunAsync(dag, new RunParameters(November, "manual", force), resume).Within();

    public void Dispose()
    {
        _source.Dispose();
        _lakeFolder.Dispose();
    }

    [Fact]
    public void Build_HasTheOriginalShape()
    {
        var dag = Build();

        Assert.Equal(PrescribingDag.Name, dag.Name);
        Assert.Empty(dag[T.Acquire].DependsOn);
        Assert.All([T.StagePrescribing, T.StagePractices, T.StageBnf, T.StagePostcodes], id => Assert.Equal([T.Acquire], dag[id].DependsOn));
        Assert.Equal([T.StagePrescribing, T.StagePractices, T.StageBnf, T.StagePostcodes], dag[T.Load].DependsOn);
        Assert.Equal([T.Load], dag[T.Geocode].DependsOn);
        Assert.Equal([T.Load], dag[T.LoadListSizes].DependsOn);
        Assert.Equal([T.Geocode, T.LoadListSizes], dag[T.Check].DependsOn);
        Assert.Equal([T.Check], dag[T.Publish].DependsOn);
        Assert.Equal(3, dag[T.Load].Options.Retries);
    }

    [Fact]
    public async Task Run_NewMonth_AcquiresLoadsChecksAndPublishes()
    {
        var result = await RunAsync(Build());

        Assert.Equal(RunState.Success, result.State);
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder("pdpi", November), "T201911PDPI BNFT.csv")));
        Assert.Equal(["upsert", "load 2019-11", "postcodes without location", "check 2019-11", "publish"], _warehouse.Calls);
        Assert.Equal("A81001", Assert.Single(_warehouse.Upserts[0].Practices).PracticeCode);
        Assert.Equal(3, result.Rows[T.Load]);
        Assert.Equal(2, result.Rows[T.Acquire]);
        Assert.Equal(1, _stager.PrescribingStages);
    }

    [Fact]
    public async Task Run_ListSizeFileInTheLake_LoadsItForTheRunMonthBeforeChecking()
    {
        _source.Write("listsize/2019-11/gp-reg-pat-prac-all.csv",
            "CODE,SEX,AGE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,ALL,ALL,1200,01-Nov-19\nA81002,ALL,ALL,800,01-Nov-19\n");

        var result = await RunAsync(Build());

        Assert.Equal(RunState.Success, result.State);
        var (month, sizes) = Assert.Single(_warehouse.ListSizeLoads);
        Assert.Equal(November, month);
        Assert.Equal([new PracticeListSize("A81001", November, 1200), new PracticeListSize("A81002", November, 800)], sizes);
        Assert.Equal(2, result.Rows[T.LoadListSizes]);
        Assert.True(_warehouse.Calls.ToList().IndexOf("listsizes") < _warehouse.Calls.ToList().IndexOf("check 2019-11"));
    }

    [Fact]
    public async Task Run_NoListSizeFiles_TaskSucceedsWithoutLoadingAny()
    {
        var result = await RunAsync(Build());

        Assert.Equal(RunState.Success, result.State);
        Assert.Empty(_warehouse.ListSizeLoads);
    }

    private const string ListSizes = "CODE,SEX,AGE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,ALL,ALL,1200,01-Nov-19\nA81002,ALL,ALL,800,01-Nov-19\n";

    [Fact]
    public async Task Run_ListSizesReachTheLakeAfterTheMonthWasLoaded_LoadsOnlyThemThenChecksAndPublishes()
    {
        Assert.Equal(RunState.Success, (await RunAsync(Build())).State);
        var before = _warehouse.Calls.Count;
        _lakeFolder.Write("raw/listsize/2019-11/gp-reg-pat-prac-all.csv", ListSizes); // by `rxatlas fetch`, say: acquire copies nothing

        var again = await RunAsync(Build());
        var third = await RunAsync(Build());

        Assert.Equal(RunState.Success, again.State);
        Assert.Equal(["check 2019-11", "listsizes", "postcodes without location", "publish"], _warehouse.Calls.Skip(before).Order(StringComparer.Ordinal));
        Assert.Equal(2, again.Rows[T.LoadListSizes]);
        Assert.Equal(0, again.Rows[T.Load]);
        Assert.Equal(1, _stager.PrescribingStages); // the prescribing release was neither staged nor loaded again
        var tasks = await _store.ListTasksAsync(again.RunId);
        Assert.Contains(tasks.Single(t => t.TaskId == T.Acquire).Log,
            l => l.EndsWith("2019-11 is loaded and no prescribing file changed, but its list sizes (2 practices) are in the lake but not in the warehouse: loading the list sizes only.", StringComparison.Ordinal));
        Assert.Contains(tasks.Single(t => t.TaskId == T.Load).Log, l => l.Contains("the month's prescribing data is kept as loaded", StringComparison.Ordinal));
        Assert.Equal(RunState.Skipped, third.State); // the warehouse now holds what the lake does
    }

    [Fact]
    public async Task Run_CorrectedListSizesForALoadedMonth_ReplacesThemWithoutReloadingThePrescribing()
    {
        _source.Write("listsize/2019-11/gp-reg-pat-prac-all.csv", ListSizes);
        Assert.Equal(RunState.Success, (await RunAsync(Build())).State);
        _source.Write("listsize/2019-11/gp-reg-pat-prac-all.csv", ListSizes.Replace("1200", "1250", StringComparison.Ordinal));

        var again = await RunAsync(Build());

        Assert.Equal(RunState.Success, again.State);
        Assert.Equal(2, _warehouse.ListSizeLoads.Count);
        Assert.Contains(new PracticeListSize("A81001", November, 1250), _warehouse.ListSizeLoads[^1].Sizes);
        Assert.Single(_warehouse.Calls, "load 2019-11");
        Assert.Equal(2, _warehouse.Calls.Count(c => c == "publish"));
    }

    [Fact]
    public async Task Run_ListSizesCopiedFromAFolderBesideFetchedOnes_LoadsOnlyTheCopy()
    {
        var fetched = new RxAtlas.Acquisition.Lake(_lakeFolder.Path);
        var part = fetched.PartPathFor(RxAtlas.Acquisition.SourceKind.ListSize, "2019-11", "gp-reg-pat-prac-all-nov-19.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllText(part, ListSizes.Replace("1200", "1000", StringComparison.Ordinal));
        fetched.Commit(part, new RxAtlas.Acquisition.LakeEntry(RxAtlas.Acquisition.SourceKind.ListSize, "2019-11", "listsize",
            "gp-reg-pat-prac-all-nov-19.csv", "https://files.digital.nhs.uk/gp-reg-pat-prac-all-nov-19.csv", null, 1, "0", DateTimeOffset.UnixEpoch));
        _source.Write("listsize/2019-11/gp-reg-pat-prac-all.csv", ListSizes);

        var result = await RunAsync(Build());

        Assert.Equal(RunState.Success, result.State);
        Assert.Contains(new PracticeListSize("A81001", November, 1200), Assert.Single(_warehouse.ListSizeLoads).Sizes);
        Assert.Equal(["gp-reg-pat-prac-all.csv"], Directory.GetFiles(Lake.RawFolder("listsize", November)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Run_AfterAListSizeOnlyRunFailedItsCheck_RunsTheListSizesAgainButNotThePrescribing()
    {
        Assert.Equal(RunState.Success, (await RunAsync(Build(TaskOptions.Default))).State);
        _lakeFolder.Write("raw/listsize/2019-11/gp-reg-pat-prac-all.csv", ListSizes);
        _warehouse.CheckResults.Add(new CheckResult("totals_match_source", CheckSeverity.Error, false, November, "expected 450, found 449"));
        Assert.Equal(RunState.Failed, (await RunAsync(Build(TaskOptions.Default))).State);
        _warehouse.CheckResults.Clear();

        var again = await RunAsync(Build(TaskOptions.Default)); // the warehouse holds the list sizes, but they were never published
        var third = await RunAsync(Build(TaskOptions.Default));

        Assert.Equal(RunState.Success, again.State);
        Assert.Equal(RunState.Skipped, third.State);
        Assert.Single(_warehouse.Calls, "load 2019-11");
        Assert.Equal(2, _warehouse.ListSizeLoads.Count);
        Assert.Equal(2, _warehouse.Calls.Count(c => c == "publish"));
    }

    [Fact]
    public async Task Run_NoFilesForTheMonth_EndsSkippedWithoutLoading()
    {
        File.Delete(Path.Combine(_source.Path, "T201911PDPI BNFT.csv"));
        File.Delete(Path.Combine(_source.Path, "T201911ADDR BNFT.csv"));
        _source.Write("T201910PDPI BNFT.csv", "an older month");

        var result = await RunAsync(Build());

        Assert.Equal(RunState.Skipped, result.State);
        Assert.Equal(RunState.Skipped, result.Tasks[T.Publish]);
        Assert.Empty(_warehouse.Calls);
        var acquire = (await _store.ListTasksAsync(result.RunId)).Single(t => t.TaskId == T.Acquire);
        Assert.Contains(acquire.Log, l => l.Contains("no prescribing release for 2019-11 yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_AlreadyLoadedAndUnchanged_SkipsUnlessForced()
    {
        Assert.Equal(RunState.Success, (await RunAsync(Build())).State);

        var again = await RunAsync(Build());
        var forced = await RunAsync(Build(), force: true);

        Assert.Equal(RunState.Skipped, again.State);
        Assert.Equal(RunState.Success, forced.State);
        Assert.Equal(2, _warehouse.Calls.Count(c => c == "load 2019-11"));
    }

    [Fact]
    public async Task Run_AlreadyLoadedAndOnlyReferenceChanged_Skips()
    {
        Assert.Equal(RunState.Success, (await RunAsync(Build())).State);
        _source.Write("epraccur.csv", "a newer practice file");

        var again = await RunAsync(Build());

        Assert.Equal(RunState.Skipped, again.State);
        Assert.True(File.Exists(Path.Combine(Lake.RawFolder("ods", "current"), "epraccur.csv")));
    }

    [Fact]
    public async Task Run_CorrectedReleaseForALoadedMonth_ReloadsIt()
    {
        Assert.Equal(RunState.Success, (await RunAsync(Build())).State);
        _source.Write("T201911PDPI BNFT.csv", "corrected");

        var again = await RunAsync(Build());

        Assert.Equal(RunState.Success, again.State);
        Assert.Equal(2, _warehouse.Calls.Count(c => c == "load 2019-11"));
    }

    [Fact]
    public async Task Run_CorruptHeader_StageFailsNamingFileAndLineWithoutRetrying()
    {
        _stager.PrescribingFailure = new DataFormatException("T201911PDPI BNFT.csv", 1, null, "unrecognised header");

        var result = await RunAsync(Build());

        Assert.Equal(RunState.Failed, result.State);
        Assert.Equal("stage_prescribing: T201911PDPI BNFT.csv, line 1: unrecognised header", result.Error);
        Assert.Single(await _store.ListTasksAsync(result.RunId), t => t.TaskId == T.StagePrescribing);
        Assert.Equal(RunState.UpstreamFailed, result.Tasks[T.Load]);
        Assert.Equal(RunState.UpstreamFailed, result.Tasks[T.Publish]);
        Assert.DoesNotContain("publish", _warehouse.Calls);
    }

    [Fact]
    public async Task Run_CorruptRowFoundByTheLoad_FailsNamingFileAndLine()
    {
        _stager.CorruptLine = 3;

        var result = await RunAsync(Build());

        Assert.Equal(RunState.Failed, result.State);
        Assert.Contains("T201911PDPI BNFT.csv, line 3, field ITEMS", result.Error);
        Assert.Single(await _store.ListTasksAsync(result.RunId), t => t.TaskId == T.Load);
        Assert.Empty(_warehouse.Loaded);
    }

    [Fact]
    public async Task Run_ValidatingRowsWhenStaging_CorruptRowFailsTheStageBeforeAnyWrite()
    {
        _stager.CorruptLine = 3;

        var result = await RunAsync(Build(validateRows: true));

        Assert.Equal(RunState.Failed, result.Tasks[T.StagePrescribing]);
        Assert.Equal("stage_prescribing: T201911PDPI BNFT.csv, line 3, field ITEMS: expected a whole number, found 'x'", result.Error);
        Assert.Equal(RunState.UpstreamFailed, result.Tasks[T.Load]);
        Assert.Empty(_warehouse.Calls);
    }

    [Fact]
    public async Task Run_ValidatingRowsWhenStaging_LoadStreamsAFreshRelease()
    {
        var result = await RunAsync(Build(validateRows: true));

        Assert.Equal(RunState.Success, result.State);
        Assert.Equal(3, result.Rows[T.StagePrescribing]);
        Assert.Equal(3, result.Rows[T.Load]);
        Assert.Equal(2, _stager.PrescribingStages);
    }

    [Fact]
    public async Task Run_SourceFolderGoneByTheTimeItRuns_AcquireFailsOnceWithoutRetrying()
    {
        var dag = Build(); // the default options: 3 retries, 5 minutes apart
        _source.Dispose();

        var result = await RunAsync(dag); // a retry would wait on the fake clock, which this test never advances

        Assert.Equal(RunState.Failed, result.State);
        Assert.Equal($"acquire: The source folder {_source.Path} does not exist.", result.Error);
        var acquire = Assert.Single(await _store.ListTasksAsync(result.RunId), t => t.TaskId == T.Acquire);
        Assert.Contains(acquire.Log, l => l.EndsWith("Try 1 failed; not retrying.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_GeocoderFileMissing_GeocodeFailsOnceWithoutRetrying()
    {
        var dag = PrescribingDag.Build(new PrescribingDagSettings(_warehouse, Lake)
        {
            Acquirer = new DirectoryAcquirer(_source.Path),
            Stager = _stager,
            Geocode = (_, _) => throw new FileNotFoundException("No such file: /missing.zip", "/missing.zip"),
        });
        _warehouse.MissingPostcodes.Add("TS181HU");

        var result = await RunAsync(dag);

        Assert.Equal(RunState.Failed, result.State);
        Assert.Equal("geocode: No such file: /missing.zip", result.Error);
        Assert.Single(await _store.ListTasksAsync(result.RunId), t => t.TaskId == T.Geocode);
    }

    [Fact]
    public async Task Run_ErrorLevelCheckFails_RunFailsAndNothingIsPublished()
    {
        _warehouse.CheckResults.Add(new CheckResult("totals_match_source", CheckSeverity.Error, false, November, "expected 450, found 449"));
        _warehouse.CheckResults.Add(new CheckResult("unknown_bnf_share", CheckSeverity.Warning, false, November, "1.2%"));

        var result = await RunAsync(Build());

        Assert.Equal(RunState.Failed, result.State);
        Assert.Equal(RunState.Failed, result.Tasks[T.Check]);
        Assert.Contains("totals_match_source (expected 450, found 449)", result.Error);
        Assert.DoesNotContain("publish", _warehouse.Calls);
    }

    [Fact]
    public async Task Run_AfterARunFailedPastTheLoad_RunsTheMonthAgainInsteadOfSkippingIt()
    {
        _warehouse.CheckResults.Add(new CheckResult("totals_match_source", CheckSeverity.Error, false, November, "expected 450, found 449"));
        Assert.Equal(RunState.Failed, (await RunAsync(Build(TaskOptions.Default))).State);
        Assert.Contains(November, _warehouse.Loaded);
        _warehouse.CheckResults.Clear();

        var again = await RunAsync(Build(TaskOptions.Default));
        var third = await RunAsync(Build(TaskOptions.Default));

        Assert.Equal(RunState.Success, again.State);
        Assert.Equal(RunState.Skipped, third.State); // the month finished once: now it is really done
        Assert.Equal(2, _warehouse.Calls.Count(c => c == "load 2019-11"));
        Assert.Single(_warehouse.Calls, "publish");
    }

    [Fact]
    public async Task Resume_AfterFailingPastTheLoad_NoFileChanged_FinishesTheRunKeepingTheLoad()
    {
        _warehouse.CheckResults.Add(new CheckResult("totals_match_source", CheckSeverity.Error, false, November, "expected 450, found 449"));
        var failed = await RunAsync(Build(TaskOptions.Default));
        Assert.Equal(RunState.Failed, failed.State);
        _warehouse.CheckResults.Clear();

        var resumed = await RunAsync(Build(TaskOptions.Default), resume: failed.RunId);

        Assert.Equal(RunState.Success, resumed.State); // finished, not skipped as an already-loaded month
        Assert.Equal(RunState.Success, resumed.Tasks[T.Publish]);
        Assert.Single(_warehouse.Calls, "publish");
        Assert.Single(_warehouse.Calls, "load 2019-11");
        Assert.Equal(1, _stager.PrescribingStages);
        Assert.Equal([T.StagePrescribing, T.StagePractices, T.StageBnf, T.StagePostcodes, T.Load, T.Geocode, T.LoadListSizes], resumed.Kept);
        var tries = await _store.ListTasksAsync(failed.RunId);
        Assert.Equal([1, 2], tries.Where(t => t.TaskId == T.Acquire).Select(t => t.TryNumber)); // the lake is checked again
        Assert.Equal([1], tries.Where(t => t.TaskId == T.Load).Select(t => t.TryNumber));
        Assert.Equal([1, 2], tries.Where(t => t.TaskId == T.Check).Select(t => t.TryNumber));
    }

    [Fact]
    public async Task Resume_AfterFailingPastTheLoad_FileCorrectedSince_StagesAndLoadsAgain()
    {
        _warehouse.CheckResults.Add(new CheckResult("totals_match_source", CheckSeverity.Error, false, November, "expected 450, found 449"));
        var failed = await RunAsync(Build(TaskOptions.Default));
        _warehouse.CheckResults.Clear();
        _source.Write("T201911PDPI BNFT.csv", "corrected");

        var resumed = await RunAsync(Build(TaskOptions.Default), resume: failed.RunId);

        Assert.Equal(RunState.Success, resumed.State);
        Assert.Empty(resumed.Kept);
        Assert.Equal(2, _warehouse.Calls.Count(c => c == "load 2019-11"));
        Assert.Equal(2, _stager.PrescribingStages);
    }

    [Fact]
    public async Task Resume_AfterLoadFailed_AcquiresAgainForCorrectedFilesAndFinishes()
    {
        _warehouse.FailNextLoad = new IOException("database is locked");
        var failed = await RunAsync(Build(TaskOptions.Default));
        Assert.Equal(RunState.Failed, failed.State);

        var resumed = await RunAsync(Build(TaskOptions.Default), resume: failed.RunId);

        Assert.Equal(RunState.Success, resumed.State);
        Assert.Equal(2, _stager.PrescribingStages);
        Assert.Equal([1, 2], (await _store.ListTasksAsync(failed.RunId)).Where(t => t.TaskId == T.Acquire).Select(t => t.TryNumber).Order());
        Assert.Contains(November, _warehouse.Loaded);
    }

    [Fact]
    public async Task Run_LoadFailsOnce_RetryStreamsAFreshRelease()
    {
        _warehouse.FailNextLoad = new IOException("database is locked");
        var run = RunAsync(Build());

        Assert.Equal(TimeSpan.FromMinutes(5), await _time.FireNextTimerAsync());
        var result = await run;

        Assert.Equal(RunState.Success, result.State);
        Assert.Equal(3, result.Rows[T.Load]);
        Assert.Equal(2, _stager.PrescribingStages);
    }

    [Fact]
    public async Task Run_WithGeocoder_UpsertsTheLocationsFound()
    {
        _warehouse.MissingPostcodes.AddRange(["TS181HU", "ZZ999ZZ"]);
        var geocoder = new FakeGeocoder();

        var result = await RunAsync(Build(geocoder: geocoder));

        Assert.Equal(RunState.Success, result.State);
        Assert.Equal(["TS181HU", "ZZ999ZZ"], geocoder.Asked);
        Assert.Equal("TS18 1HU", Assert.Single(_warehouse.Upserts[^1].Postcodes).Postcode);
        Assert.Equal(1, result.Rows[T.Geocode]);
    }

    /// <summary>Shaped like RxAtlas.Acquisition's IGeocoder: one answer per postcode, null coordinates when not found.</summary>
    private sealed class FakeGeocoder
    {
        public IReadOnlyCollection<string> Asked { get; private set; } = [];

        public Task<IReadOnlyList<PostcodeLocation>> GeocodeAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default)
        {
            Asked = postcodes;
            return Task.FromResult<IReadOnlyList<PostcodeLocation>>([new PostcodeLocation("TS18 1HU", 54.56, -1.31), new PostcodeLocation("ZZ99 9ZZ", null, null)]);
        }
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(503, true)]
    public void DefaultTaskOptions_AnUpstreamsPermanentRefusalIsNotRetried(int status, bool retried)
    {
        var refusal = new RxAtlas.Acquisition.UpstreamException(new Uri("https://api.postcodes.io/postcodes"), (System.Net.HttpStatusCode)status, "refused");

        Assert.Equal(retried, PrescribingDag.DefaultTaskOptions.ShouldRetry!(refusal));
    }
}
