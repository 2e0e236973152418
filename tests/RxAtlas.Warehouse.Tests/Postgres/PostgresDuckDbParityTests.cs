using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Warehouse.Tests.Contract;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>The same operations on DuckDB and PostgreSQL must give the same answers: reports, checks, every view's columns
/// and rows, every query, run history, data versions, and the same failures for bad input. Any difference fails.</summary>
public sealed class PostgresDuckDbParityTests
{
    private static readonly YearMonth Month1 = new(2024, 1);
    private static readonly YearMonth Month2 = new(2024, 2);
    private static readonly YearMonth Month3 = new(2024, 3);

    private static readonly string[] Views = ["prescribing", "practices", "bnf", "ungeocoded_practices", "practice_location", "list_sizes", "months"];

    [PostgresFact]
    public async Task Parity_LoadsReloadsAndChecks_ReportIdentically()
    {
        await using var pair = await ParityPair.CreateAsync();

        foreach (var release in new[] { FakeMonths.Release(Month1, seed: 1), FakeMonths.Release(Month2, seed: 2), FakeMonths.Release(Month1, seed: 5) })
        {
            var (duck, postgres) = await pair.OnBothAsync(w => w.LoadMonthAsync(release));
            Assert.Equal(duck with { Elapsed = TimeSpan.Zero }, postgres with { Elapsed = TimeSpan.Zero }, ReportComparer.Instance);
        }
        var checks = await pair.OnBothAsync(w => w.CheckAsync());
        var one = await pair.OnBothAsync(w => w.CheckAsync(Month2));
        var missing = await pair.OnBothAsync(w => w.CheckAsync(Month3));

        Assert.Equal(checks.Duck, checks.Postgres);
        Assert.Equal(one.Duck, one.Postgres);
        Assert.Equal(missing.Duck, missing.Postgres);
        await AssertSameAsync(pair, "SELECT month_key, name, severity, passed, detail, value FROM meta.check_results");
        await AssertSameAsync(pair, "SELECT month_key, source, source_rows, items, quantity_milli, nic_pence, actual_cost_e5, staged_rows, distinct_keys, fact_rows, rolled_up, published_version, loaded_at, dataset FROM meta.loads");
    }

    [PostgresFact]
    public async Task Parity_EveryViewAndTotal_IsIdenticalToThePenny()
    {
        await using var pair = await LoadedPairAsync();

        foreach (var view in Views) await AssertSameAsync(pair, $"SELECT * FROM {view}");
        await AssertSameAsync(pair, "SELECT month, COUNT(*) AS n, SUM(items) AS items, SUM(quantity) AS quantity, SUM(nic) AS nic, SUM(actual_cost) AS actual_cost FROM prescribing GROUP BY month");
        await AssertSameAsync(pair, "SELECT COUNT(*) AS n, SUM(items) AS items, SUM(quantity) AS quantity, SUM(nic) AS nic, SUM(actual_cost) AS actual_cost FROM prescribing");
        await AssertSameAsync(pair, "SELECT * FROM dim_month");
        await AssertSameAsync(pair, "SELECT * FROM dim_bnf");
        await AssertSameAsync(pair, "SELECT * FROM dim_practice");
        await AssertSameAsync(pair, "SELECT * FROM dim_postcode");
        await AssertSameAsync(pair, "SELECT * FROM fact_prescribing");
        await AssertSameAsync(pair, "SELECT * FROM rollup_practice_month");
        await AssertSameAsync(pair, "SELECT * FROM rollup_bnf_practice_month");
        await AssertSameAsync(pair, "SELECT * FROM fact_list_size");
        var listSizeMonths = await pair.OnBothAsync(w => w.Queries.ListSizeMonthsAsync());
        Assert.Equal(listSizeMonths.Duck, listSizeMonths.Postgres);
        var postcodes = await pair.OnBothAsync(w => w.PostcodesWithoutLocationAsync());
        Assert.Equal(postcodes.Duck, postcodes.Postgres);
        var months = await pair.OnBothAsync(w => w.LoadedMonthsAsync());
        Assert.Equal(months.Duck, months.Postgres);
        var versions = await pair.OnBothAsync(w => w.DataVersionAsync());
        Assert.Equal(versions.Duck, versions.Postgres);
    }

    [PostgresFact]
    public async Task Parity_EveryQuery_ReturnsIdenticalResults()
    {
        await using var pair = await LoadedPairAsync();

        foreach (var row in WarehouseContractTests.Selections)
        {
            var selection = new Selection(((string)row[0]).Split(',', StringSplitOptions.RemoveEmptyEntries), Month1, Month3, (string?)row[1], (string?)row[2]);
            await SameAsync(pair, w => w.Queries.MapAsync(selection));
            await SameAsync(pair, w => w.Queries.TimeSeriesAsync(selection));
            await SameAsync(pair, w => w.Queries.MapAsync(selection with { To = Month2 }));
            foreach (var metric in Enum.GetValues<Metric>())
            {
                await SameAsync(pair, w => w.Queries.TopAsync(selection, metric, 5));
                await SameAsync(pair, w => w.Queries.TopPerThousandPatientsAsync(selection with { To = Month2 }, metric, 5));
                await SameAsync(pair, w => w.Queries.TopMedicinesAsync(selection with { PracticeCode = selection.PracticeCode ?? "A81005" }, metric, 7));
            }
        }
        foreach (var text in new[] { "", "04", "0407010H0", "chapter", "PRESENTATION 02", "2003", "zzz" })
            await SameAsync(pair, w => w.Queries.SearchBnfAsync(text, 15));
        foreach (var code in new[] { "", "02", "0205", "020505", "0205051", "0205051R0", "0205051R0AA", "20", "2003", "99" })
            await SameAsync(pair, w => w.Queries.BnfChildrenAsync(code));
        foreach (var practice in new[] { "A81001", "A81002", "A81003", "A81021", "-", "A81998", "NOPE" })
        {
            var (duck, postgres) = await pair.OnBothAsync(w => w.Queries.PracticeAsync(practice));
            Assert.Equal(duck, postgres);
        }
        foreach (var text in new[] { "a8100", "a81 00", "high street", "LS1", "ls1 1ab", "UNIDENTIFIED", "-", "" })
            await SameAsync(pair, w => w.Queries.SearchPracticesAsync(text, 10));
        await SameAsync(pair, w => w.Queries.MonthsAsync());
        await SameAsync(pair, w => w.Queries.RegionsAsync());
        await SameAsync(pair, w => w.Queries.AreasAsync());
        foreach (var (region, icb, subIcb) in new (string?, string?, string?)[] { (null, "Q0A", null), ("Y54", "Q0A", "00A"), (null, null, "03A"), ("Y55", "Q2A", null) })
        {
            var area = new Selection(["02"], Month1, Month3, region, IcbCode: icb, SubIcbCode: subIcb);
            await SameAsync(pair, w => w.Queries.MapAsync(area));
            await SameAsync(pair, w => w.Queries.TimeSeriesAsync(area));
            await SameAsync(pair, w => w.Queries.TopAsync(area with { BnfPrefixes = ["0407010H0"] }, Metric.Nic, 5));
        }
    }

    [PostgresFact]
    public async Task Parity_BadInput_FailsIdenticallyAndChangesNothing()
    {
        await using var pair = await LoadedPairAsync();
        var before = await pair.OnBothAsync(WarehouseDump.TakeAsync);
        var rows = FakeMonths.Rows(seed: 9);
        var truth = rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));

        await pair.BothThrowAlikeAsync(w => w.LoadMonthAsync(new FakeMonthRelease(Month1, rows) { ThrowAfterRows = 150, Bnf = FakeMonths.Bnf }));
        await pair.BothThrowAlikeAsync(w => w.LoadMonthAsync(new FakeMonthRelease(Month3, rows) { ThrowAfterRows = 0 }));
        await pair.BothThrowAlikeAsync(w => w.LoadMonthAsync(new FakeMonthRelease(Month2, rows) { TotalsOverride = truth with { Items = truth.Items + 1 } }));
        await pair.BothThrowAlikeAsync(w => w.LoadMonthAsync(new FakeMonthRelease(Month3, rows) { TotalsOverride = truth with { Rows = truth.Rows - 1 } }));
        await pair.BothThrowAlikeAsync(w => w.LoadMonthAsync(new FakeMonthRelease(Month3, [])));
        await pair.BothThrowAlikeAsync(w => w.Queries.MapAsync(new Selection(["04-"], Month1, Month2)));
        await pair.BothThrowAlikeAsync(w => w.QueryAsync("DELETE FROM fact_prescribing", _ => Task.CompletedTask));
        await pair.BothThrowAlikeAsync(w => w.QueryAsync("SELECT 1; DROP TABLE dim_bnf", _ => Task.CompletedTask));
        await pair.BothThrowAlikeAsync(w => w.QueryAsync("   ", _ => Task.CompletedTask));

        var after = await pair.OnBothAsync(WarehouseDump.TakeAsync);
        WarehouseDump.AssertEqual(before.Duck, after.Duck);
        WarehouseDump.AssertEqual(before.Postgres, after.Postgres);
    }

    [PostgresFact]
    public async Task Parity_RunHistory_IsIdentical()
    {
        await using var pair = await ParityPair.CreateAsync();
        var t0 = new DateTimeOffset(2026, 11, 24, 9, 30, 15, 123, TimeSpan.FromHours(1));

        var ids = await pair.OnBothAsync(async w =>
        {
            var id = await w.Runs.StartRunAsync("monthly", Month1, "manual", t0);
            await w.Runs.StartRunAsync("monthly", null, "schedule", t0.AddMinutes(1));
            await w.Runs.SaveTaskAsync(new TaskInstance(id, "load", 1, t0, t0.AddSeconds(2), RunState.Failed, "boom", null, ["a", "b | c", "line\nbreak"]));
            await w.Runs.SaveTaskAsync(new TaskInstance(id, "load", 2, t0.AddSeconds(3), null, RunState.Running, null, 17, []));
            await w.Runs.FinishRunAsync(id, RunState.Success, t0.AddMinutes(2), null);
            return id;
        });

        Assert.Equal(ids.Duck, ids.Postgres);
        await SameAsync(pair, w => w.Runs.ListRunsAsync(10));
        await SameAsync(pair, w => w.Runs.ListTasksAsync(ids.Duck), TaskComparer.Instance);
        var runs = await pair.OnBothAsync(w => w.Runs.GetRunAsync(ids.Duck));
        Assert.Equal(runs.Duck, runs.Postgres);
        var marked = await pair.OnBothAsync(w => w.Runs.MarkAbandonedRunsInterruptedAsync(t0.AddHours(1)));
        Assert.Equal(marked.Duck, marked.Postgres);
    }

    /// <summary>Two months loaded, reference data upserted, published, then a third month loaded unpublished.</summary>
    private static async Task<ParityPair> LoadedPairAsync()
    {
        var pair = await ParityPair.CreateAsync();
        await pair.OnBothAsync(async w =>
        {
            await w.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
            await w.LoadMonthAsync(FakeMonths.Release(Month2, seed: 2));
            await w.UpsertReferenceAsync(new ReferenceData(
                [new PracticeRecord("A81021", "Late Practice", "1 Late Lane", "ls1 1ab"), new PracticeRecord("A81001", null, "New address", null)],
                [new BnfRecord("0407020A0BBAAAA", "Named later", null, null, null, "Chemical later", null, null, null, null, null, null, null, null)],
                [new PostcodeLocation("LS11AB", 53.8, -1.55, "West Yorkshire", "Y63", "NORTH EAST AND YORKSHIRE")]));
            foreach (var month in new[] { Month1, Month2 })
            {
                await w.LoadListSizesAsync(month, [.. FakeMonths.PracticeCodes.Where(c => !PracticeCode.IsUnidentified(c) && c != "A81002")
                    .Select((c, i) => new PracticeListSize(c, month, 900 + 13 * i + month.Month)).Append(new PracticeListSize("Y12345", month, 77))]);
            }
            await w.PublishAsync();
            await w.LoadMonthAsync(FakeMonths.Release(Month3, seed: 3, count: 150));
        });
        return pair;
    }

    private static async Task AssertSameAsync(ParityPair pair, string sql)
    {
        var (duck, postgres) = await pair.OnBothAsync(w => ParityPair.TableAsync(w, sql));
        Assert.Equal(duck.Columns, postgres.Columns);
        Assert.NotEmpty(duck.Rows);
        Assert.Equal(duck.Rows, postgres.Rows);
    }

    private static async Task SameAsync<T>(ParityPair pair, Func<IWarehouse, Task<IReadOnlyList<T>>> query, IEqualityComparer<T>? comparer = null)
    {
        var (duck, postgres) = await pair.OnBothAsync(query);
        if (comparer is null) Assert.Equal(duck, postgres);
        else Assert.Equal(duck, postgres, comparer);
    }

    /// <summary>LoadReport equality with its check list compared by content.</summary>
    private sealed class ReportComparer : IEqualityComparer<LoadReport>
    {
        public static ReportComparer Instance { get; } = new();

        public bool Equals(LoadReport? x, LoadReport? y) =>
            x is not null && y is not null && x.Month == y.Month && x.SourceRows == y.SourceRows && x.FactRows == y.FactRows
            && x.Totals == y.Totals && x.Checks.SequenceEqual(y.Checks);

        public int GetHashCode(LoadReport obj) => obj.Month.GetHashCode();
    }

    /// <summary>TaskInstance equality with its log compared by content.</summary>
    private sealed class TaskComparer : IEqualityComparer<TaskInstance>
    {
        public static TaskComparer Instance { get; } = new();

        public bool Equals(TaskInstance? x, TaskInstance? y) =>
            x is not null && y is not null && (x.RunId, x.TaskId, x.TryNumber, x.Started, x.Ended, x.State, x.Error, x.RowsAffected)
                == (y.RunId, y.TaskId, y.TryNumber, y.Started, y.Ended, y.State, y.Error, y.RowsAffected) && x.Log.SequenceEqual(y.Log);

        public int GetHashCode(TaskInstance obj) => obj.TaskId.GetHashCode(StringComparison.Ordinal);
    }
}
