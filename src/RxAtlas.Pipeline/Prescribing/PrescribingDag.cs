using System.Globalization;
using RxAtlas.Core;
using RxAtlas.Sources;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>The monthly prescribing DAG, shaped like the original Airflow one but idempotent:
/// <c>acquire → (stage_prescribing, stage_practices, stage_bnf, stage_postcodes) → load → (geocode, load_list_sizes) → check → publish</c>.</summary>
/// <remarks>
/// The month comes from the run's <see cref="RunParameters.Month"/>, so one built DAG serves every month.
/// Staging reads names and headers only; the load streams the prescribing rows once. The load upserts the reference data
/// and then loads the month; each is atomic, and a failed load leaves the previous data in place. A month with no release
/// yet, or already loaded with no file changed (unless <see cref="RunParameters.Force"/>), ends the run Skipped — unless the
/// lake's list sizes for the month are not what the warehouse holds (they arrived or were corrected after the month was
/// loaded): then staging and the load do nothing and the run loads the list sizes, checks and publishes.
/// A resumed run acquires again (to pick up corrected files and re-verify the lake); when no file was new or changed, the
/// tasks that had succeeded (staging, a load) are kept rather than run again, so a loaded month is not reloaded.
/// </remarks>
public static class PrescribingDag
{
    public const string Name = "prescribing_monthly";

    /// <summary>How a task's log line that a person should see at once begins (after the timestamp): the CLI prints these as
    /// the run goes (<see cref="IsWarning"/>).</summary>
    public const string WarningPrefix = "Warning: ";

    /// <summary>Whether a log line (<c>timestamp message</c>, as <see cref="Engine.TaskContext.Log"/> writes it) is a warning.</summary>
    public static bool IsWarning(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space >= 0 && line.AsSpan(space + 1).StartsWith(WarningPrefix, StringComparison.Ordinal);
    }

    /// <summary>Task ids.</summary>
    public static class Tasks
    {
        public const string Acquire = "acquire";
        public const string StagePrescribing = "stage_prescribing";
        public const string StagePractices = "stage_practices";
        public const string StageBnf = "stage_bnf";
        public const string StagePostcodes = "stage_postcodes";
        public const string Load = "load";
        public const string Geocode = "geocode";
        public const string LoadListSizes = "load_list_sizes";
        public const string Check = "check";
        public const string Publish = "publish";
    }

    /// <summary>The original's 3 retries 5 minutes apart, but bad data, refused loads, failed checks, missing local files
    /// or folders (a <c>--from-dir</c> folder, an ONSPD file: they will not appear by themselves) and an upstream's permanent
    /// refusal (a 4xx other than 408 and 429) are not retried. A lost or refused database connection
    /// (<see cref="TransientFailures.IsTransient"/>) is always retried, even when a failed load wraps it.</summary>
    public static TaskOptions DefaultTaskOptions { get; } = TaskOptions.Airflow with
    {
        ShouldRetry = e => TransientFailures.IsTransient(e) || e is not (DataFormatException or LoadFailedException or QualityCheckFailedException or ArgumentException
            or FileNotFoundException or DirectoryNotFoundException) && !IsPermanentRefusal(e),
    };

    /// <summary>An upstream's answer that waiting will not change: a 4xx status other than 408 (timeout) and 429 (too many requests).</summary>
    private static bool IsPermanentRefusal(Exception e) =>
        e is RxAtlas.Acquisition.UpstreamException { Status: { } status } && (int)status is >= 400 and < 500 and not 408 and not 429;

    private const string ReleaseKey = "release";

    /// <summary>Set by <c>acquire</c> when only the month's list sizes are to be loaded.</summary>
    private const string ListSizesOnlyKey = "list-sizes-only";

    /// <summary>Logged by each task that did nothing because only list sizes were to be loaded; a load try that logged it
    /// did not touch the month's prescribing data.</summary>
    private const string PrescribingKept = "Only list sizes to load; the month's prescribing data is kept as loaded";

    public static Dag Build(PrescribingDagSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var steps = new Steps(settings);
        string[] staged = [Tasks.StagePrescribing, Tasks.StagePractices, Tasks.StageBnf, Tasks.StagePostcodes];
        var options = settings.TaskOptions ?? DefaultTaskOptions;
        return new DagBuilder(Name, options)
            .Task(Tasks.Acquire, steps.AcquireAsync, options: options with { RerunOnResume = true })
            .Task(Tasks.StagePrescribing, steps.StagePrescribing, dependsOn: [Tasks.Acquire])
            .Task(Tasks.StagePractices, ctx => steps.StageReference(ctx, LakeSources.Ods), dependsOn: [Tasks.Acquire])
            .Task(Tasks.StageBnf, ctx => steps.StageReference(ctx, LakeSources.Bnf), dependsOn: [Tasks.Acquire])
            .Task(Tasks.StagePostcodes, ctx => steps.StageReference(ctx, LakeSources.Postcodes), dependsOn: [Tasks.Acquire])
            .Task(Tasks.Load, steps.LoadAsync, dependsOn: staged)
            .Task(Tasks.Geocode, steps.GeocodeAsync, dependsOn: [Tasks.Load])
            .Task(Tasks.LoadListSizes, steps.LoadListSizesAsync, dependsOn: [Tasks.Load])
            .Task(Tasks.Check, steps.CheckAsync, dependsOn: [Tasks.Geocode, Tasks.LoadListSizes])
            .Task(Tasks.Publish, steps.PublishAsync, dependsOn: [Tasks.Check])
            .Build();
    }

    /// <summary>The usual composition: the DAG, run with history in the warehouse's run store, one run per month at a time.</summary>
    /// <param name="options">Parallelism and live log/progress hooks for the console.</param>
    public static MonthlyRunner CreateRunner(PrescribingDagSettings settings, DagRunnerOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var runs = settings.Warehouse.Runs;
        return new MonthlyRunner(Build(settings), new DagRunner(runs, time, options), runs);
    }

    private static string ReferenceKey(string source) => "reference:" + source;

    /// <summary>True when a run of <paramref name="month"/> would load its list sizes although the month is loaded: the lake
    /// holds list sizes for it (its current files in <c>raw/listsize/YYYY-MM</c>) that are not what the warehouse holds.
    /// Reads the lake and the warehouse only (no download): what <c>backfill</c> uses to run such a loaded month.</summary>
    /// <exception cref="DataFormatException">A malformed list-size file (file, line and field named).</exception>
    public static async Task<bool> ListSizesPendingAsync(PrescribingDagSettings settings, YearMonth month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return await ListSizesToLoadAsync(settings.Warehouse, new LakeStager(settings.Lake), month, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>True when the warehouse holds no list sizes for <paramref name="month"/>, or the lake holds others
    /// (<see cref="ListSizesPendingAsync"/>): a run may find (fetch or copy) and load them. What <c>schedule</c> uses to run
    /// the newest loaded month again on a fire that found nothing new.</summary>
    public static async Task<bool> ListSizesWantedAsync(PrescribingDagSettings settings, YearMonth month, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return (await StoredListSizesAsync(settings.Warehouse, month, cancellationToken).ConfigureAwait(false)).Count == 0
               || await ListSizesPendingAsync(settings, month, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when a month already loaded should be run to load its list sizes alone: the lake holds others than the
    /// warehouse (<see cref="ListSizesPendingAsync"/>), or the warehouse has none for it and the acquirer, asked for the
    /// month's list sizes only (<see cref="IReleaseAcquirer.AcquireListSizesAsync"/>: the publisher's, or the
    /// <c>--from-dir</c> folder's), brought some into the lake — list sizes published after the month was loaded. The month's
    /// prescribing files are not looked at. What <c>backfill</c> uses (<see cref="BackfillOptions.RunLoadedMonthWhen"/>); the
    /// run it starts then loads the list sizes alone, as <c>rxatlas run</c> would.</summary>
    public static async Task<bool> ListSizesArrivedAsync(PrescribingDagSettings settings, YearMonth month, Action<string>? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (await ListSizesPendingAsync(settings, month, cancellationToken).ConfigureAwait(false)) return true;
        if (settings.Acquirer is not { } acquirer || (await StoredListSizesAsync(settings.Warehouse, month, cancellationToken).ConfigureAwait(false)).Count > 0)
            return false;
        await acquirer.AcquireListSizesAsync(month, settings.Lake, log ?? (_ => { }), cancellationToken).ConfigureAwait(false);
        return await ListSizesPendingAsync(settings, month, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why the lake's list sizes for the month should be loaded into a warehouse that already holds the month (they
    /// are not there, or differ), or null when the lake has none for the month or the warehouse has the same.</summary>
    private static async Task<string?> ListSizesToLoadAsync(IWarehouse warehouse, LakeStager lake, YearMonth month, CancellationToken cancellationToken)
    {
        if (lake.StageListSizes(month) is not { } sizes) return null;
        var inLake = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var size in sizes) inLake[size.PracticeCode.Trim().ToUpperInvariant()] = size.Patients;
        var stored = await StoredListSizesAsync(warehouse, month, cancellationToken).ConfigureAwait(false);
        if (stored.Count == inLake.Count && stored.All(s => inLake.TryGetValue(s.Key, out var patients) && patients == s.Value)) return null;
        return stored.Count == 0
            ? $"its list sizes ({inLake.Count:N0} practices) are in the lake but not in the warehouse"
            : $"its list sizes in the lake ({inLake.Count:N0} practices) differ from the warehouse's ({stored.Count:N0})";
    }

    /// <summary>The month's list sizes as the warehouse holds them (the documented <c>list_sizes</c> view).</summary>
    private static async Task<Dictionary<string, long>> StoredListSizesAsync(IWarehouse warehouse, YearMonth month, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        var sql = $"SELECT practice_code, patients FROM list_sizes WHERE month = DATE '{month.Year:D4}-{month.Month:D2}-01'";
        await warehouse.QueryAsync(sql, async reader =>
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                stored[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>How the newest run of a month that loaded something ended.</summary>
    private enum LastLoad
    {
        Finished,
        PrescribingUnfinished,
        ListSizesUnfinished,
    }

    /// <summary>Logs the load's progress every million rows.</summary>
    private sealed class LoadProgress(TaskContext ctx) : IProgress<long>
    {
        private const long Every = 1_000_000;
        private long _next = Every;

        public void Report(long value)
        {
            if (value < _next) return;
            _next = (value / Every + 1) * Every;
            ctx.Log($"{value:N0} rows read.");
        }
    }

    /// <summary>The task bodies.</summary>
    private sealed class Steps(PrescribingDagSettings settings)
    {
        private readonly IWarehouse _warehouse = settings.Warehouse;
        private readonly IReleaseStager _stager = settings.Stager ?? new LakeStager(settings.Lake);

        // List sizes are always read from the lake (a configured stager stages the prescribing release and reference data).
        private readonly LakeStager _lakeStager = new(settings.Lake);

        public async Task AcquireAsync(TaskContext ctx)
        {
            var month = ctx.Month;
            var result = AcquisitionResult.None;
            if (settings.Acquirer is { } acquirer)
            {
                result = await acquirer.AcquireAsync(month, settings.Lake, ctx.Log, ctx.CancellationToken);
                // Nothing new or changed: what staging and the load read is as it was, so a resume keeps their successes.
                ctx.OutputChanged = result.Copied > 0;
            }
            else
            {
                ctx.Log($"No acquirer configured: using the lake at {settings.Lake.Root} as it is.");
            }

            ctx.RowsAffected = result.Copied;
            ctx.Log($"{result.Files.Count} file(s) for {month}, {result.Copied} new or changed ({result.PrescribingCopied} prescribing).");

            if (settings.Lake.PrescribingFiles(month) is null)
                throw new TaskSkippedException($"no prescribing release for {month} yet");
            if (!ctx.Parameters.Force && result.PrescribingCopied == 0
                && (await _warehouse.LoadedMonthsAsync(ctx.CancellationToken)).Contains(month))
            {
                var last = await LastLoadAsync(ctx);
                if (last == LastLoad.PrescribingUnfinished)
                {
                    ctx.Log($"{month} is loaded, but the last run that loaded it did not finish (geocode, check or publish); running it again.");
                    return;
                }
                var why = last == LastLoad.ListSizesUnfinished
                    ? "the last run that loaded its list sizes did not finish (check or publish)"
                    : await ListSizesToLoadAsync(_warehouse, _lakeStager, month, ctx.CancellationToken);
                if (why is null) throw new TaskSkippedException($"{month} is already loaded and no file changed (force to reload)");
                ctx.Items.Set(ListSizesOnlyKey, true);
                ctx.Log($"{month} is loaded and no prescribing file changed, but {why}: loading the list sizes only.");
            }
        }

        /// <summary>True when <c>acquire</c> found the month loaded with its prescribing files unchanged and only its list sizes
        /// to load: staging and the load then do nothing (logging so), and the run loads list sizes, checks and publishes.</summary>
        private static bool ListSizesOnly(TaskContext ctx, string what)
        {
            if (!ctx.Items.TryGet<bool>(ListSizesOnlyKey, out var only) || !only) return false;
            ctx.RowsAffected = 0;
            ctx.Log($"{PrescribingKept}: {what} skipped.");
            return true;
        }

        /// <summary>How the newest run of this month that loaded something (this run, when resumed, or an earlier one) ended.
        /// <see cref="LastLoad.PrescribingUnfinished"/> when it reached the load and did not succeed: the month is in the
        /// warehouse but was never geocoded, checked or published, so "already loaded" must not skip it.
        /// <see cref="LastLoad.ListSizesUnfinished"/> when it loaded list sizes only and did not succeed: they may be in the
        /// warehouse unchecked and unpublished. <see cref="LastLoad.Finished"/> when it succeeded, or when no run loaded the
        /// month (e.g. <c>rxatlas ingest</c> did).</summary>
        private static async Task<LastLoad> LastLoadAsync(TaskContext ctx)
        {
            var runs = await ctx.Runs.ListRunsAsync(MonthlyRunner.ActiveRunLookback, ctx.CancellationToken);
            foreach (var run in runs.Where(r => r.Dag == Name && r.Month == ctx.Month).OrderByDescending(r => r.RunId))
            {
                if (run.RunId != ctx.RunId && run.State == RunState.Success) return LastLoad.Finished;
                var tasks = await ctx.Runs.ListTasksAsync(run.RunId, ctx.CancellationToken);
                // A load that did nothing (a run that loaded list sizes only) did not touch the month's prescribing data.
                var loads = tasks.Where(t => t.TaskId == Tasks.Load).ToList();
                if (loads.Any(t => !t.Log.Any(l => l.Contains(PrescribingKept, StringComparison.Ordinal)))) return LastLoad.PrescribingUnfinished;
                if (loads.Count > 0 && tasks.Any(t => t.TaskId == Tasks.LoadListSizes)) return LastLoad.ListSizesUnfinished;
            }
            return LastLoad.Finished;
        }

        public Task StagePrescribing(TaskContext ctx)
        {
            if (ListSizesOnly(ctx, "staging")) return Task.CompletedTask;
            var release = _stager.StagePrescribing(ctx.Month);
            ctx.Log($"Staged {release.Description}.");
            if (!settings.ValidateRowsWhenStaging)
            {
                ctx.Items.Set(ReleaseKey, release);
                return Task.CompletedTask;
            }

            // The rows stream once: this release is used up, and the load stages its own.
            long rows = 0;
            foreach (var _ in release.ReadPrescribing())
            {
                if (++rows % 100_000 == 0) ctx.CancellationToken.ThrowIfCancellationRequested();
            }

            ctx.RowsAffected = rows;
            ctx.Log($"Validated {rows:N0} rows: {release.Totals.Items:N0} items.");
            return Task.CompletedTask;
        }

        public Task StageReference(TaskContext ctx, string source)
        {
            if (ListSizesOnly(ctx, "staging")) return Task.CompletedTask;
            var data = _stager.StageReference(source, ctx.Month);
            ctx.Items.Set(ReferenceKey(source), data);
            var count = data.Practices.Count + data.Bnf.Count + data.Postcodes.Count;
            ctx.RowsAffected = count;
            ctx.Log(count == 0 ? $"No {source} reference file in the lake; the prescribing files' own data will do." : $"Read {count} {source} record(s).");
            return Task.CompletedTask;
        }

        public async Task LoadAsync(TaskContext ctx)
        {
            if (ListSizesOnly(ctx, "the load")) return;
            var month = ctx.Month;
            // Taken, not read: the rows stream once, so a retry or a resumed run stages again (names and headers only).
            var release = ctx.Items.TryTake<IMonthRelease>(ReleaseKey, out var staged) ? staged : _stager.StagePrescribing(month);
            var parts = LakeSources.Reference
                .Select(s => ctx.Items.TryGet<ReferenceData>(ReferenceKey(s), out var data) ? data : _stager.StageReference(s, month))
                .ToList();
            var reference = new ReferenceData(
                [.. parts.SelectMany(p => p.Practices)], [.. parts.SelectMany(p => p.Bnf)], [.. parts.SelectMany(p => p.Postcodes)]);
            if (reference.Practices.Count + reference.Bnf.Count + reference.Postcodes.Count > 0)
            {
                await _warehouse.UpsertReferenceAsync(reference, ctx.CancellationToken);
                ctx.Log($"Upserted reference data: {reference.Practices.Count} practices, {reference.Bnf.Count} BNF codes, {reference.Postcodes.Count} postcodes.");
            }

            ctx.Log($"Loading {release.Description}.");
            var report = await _warehouse.LoadMonthAsync(release, new LoadProgress(ctx), ctx.CancellationToken);
            ctx.RowsAffected = report.FactRows;
            ctx.Log($"Loaded {month}: {report.SourceRows} source rows, {report.FactRows} fact rows, {report.Totals.Items} items, "
                    + $"NIC £{(decimal)report.Totals.NicPence / Scale.NicPerPound:N2} in {report.Elapsed}.");
            if (report.Replaced is { } replaced) ctx.Log($"{WarningPrefix}{replaced.Describe(month, report.Totals)}: the newest load of a month wins.");
        }

        /// <summary>Replaces the month's practice list sizes from the lake's current file(s) in <c>raw/listsize/YYYY-MM</c>
        /// (the folder names the month, whatever the files' extract dates say); nothing to do when the lake has none.</summary>
        public async Task LoadListSizesAsync(TaskContext ctx)
        {
            if (_lakeStager.StageListSizes(ctx.Month) is not { } sizes)
            {
                ctx.Log($"No list-size files for {ctx.Month} in {settings.Lake.RawFolder(LakeSources.ListSize, ctx.Month)}; rates per 1,000 patients will not cover it.");
                return;
            }

            var written = await _warehouse.LoadListSizesAsync(ctx.Month, sizes, ctx.CancellationToken);
            ctx.RowsAffected = written;
            ctx.Log($"Loaded list sizes for {written} practice(s), {sizes.Sum(s => (long)s.Patients):N0} patients.");
            // Late list sizes come with their publication's practice map, which staging (skipped for this run) would have read.
            if (ctx.Items.TryGet<bool>(ListSizesOnlyKey, out var only) && only && _lakeStager.StagePracticeMap(ctx.Month) is { Practices.Count: > 0 } map)
            {
                await _warehouse.UpsertReferenceAsync(map, ctx.CancellationToken);
                ctx.Log($"Upserted the practice map's names for {map.Practices.Count} practice(s) (ICB and sub-ICB location).");
            }
        }

        public async Task GeocodeAsync(TaskContext ctx)
        {
            var missing = await _warehouse.PostcodesWithoutLocationAsync(ctx.CancellationToken);
            if (settings.Geocode is not { } geocode)
            {
                ctx.Log($"{missing.Count} practice postcode(s) have no location; no geocoder configured.");
                return;
            }

            if (missing.Count == 0)
            {
                ctx.Log("Every practice postcode has a location.");
                return;
            }

            var answers = await geocode(missing, ctx.CancellationToken);
            var found = answers.Where(a => a.Latitude is not null && a.Longitude is not null).ToList();
            if (found.Count > 0) await _warehouse.UpsertReferenceAsync(new ReferenceData([], [], found), ctx.CancellationToken);
            ctx.RowsAffected = found.Count;
            ctx.Log($"Located {found.Count} of {missing.Count} postcode(s); {missing.Count - found.Count} still unplaced.");
        }

        public async Task CheckAsync(TaskContext ctx)
        {
            var results = await _warehouse.CheckAsync(ctx.Month, ctx.CancellationToken);
            foreach (var check in results)
            {
                var verdict = check.Passed ? "pass" : check.Severity == CheckSeverity.Error ? "FAIL" : "warn";
                ctx.Log($"{verdict} {check.Name}: {check.Detail}");
            }

            ctx.RowsAffected = results.Count;
            var failed = results.Where(c => !c.Passed && c.Severity == CheckSeverity.Error).ToList();
            if (failed.Count > 0) throw new QualityCheckFailedException(ctx.Month, failed);
        }

        public async Task PublishAsync(TaskContext ctx)
        {
            await _warehouse.PublishAsync(ctx.CancellationToken);
            ctx.Log($"Published; data version {await _warehouse.DataVersionAsync(ctx.CancellationToken)}.");
        }
    }
}
