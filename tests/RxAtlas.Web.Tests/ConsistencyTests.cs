using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>Answers built from several queries come from one version of the data, even when a load commits between them.</summary>
public sealed class ConsistencyTests
{
    /// <summary>Delegates to <paramref name="inner"/>, but the first time series it answers is followed by a "reload" that
    /// commits before the next query: a row added and the data version bumped, as a load's commit does.</summary>
    private sealed class ReloadAfterFirstSeries(FakeQueries inner, FakeRow added) : IPrescribingQueries
    {
        private int _reloaded;

        /// <summary>The warehouse serving these queries, whose data version the reload bumps.</summary>
        public FakeWarehouse? Warehouse { get; set; }

        public async Task<IReadOnlyList<MonthMeasure>> TimeSeriesAsync(Selection s, CancellationToken ct = default)
        {
            var series = await inner.TimeSeriesAsync(s, ct);
            if (Interlocked.Exchange(ref _reloaded, 1) == 0)
            {
                inner.Data.Rows.Add(added);
                Warehouse!.BumpDataVersion();
            }
            return series;
        }

        public Task<IReadOnlyList<PracticeMeasure>> MapAsync(Selection s, CancellationToken ct = default) => inner.MapAsync(s, ct);
        public Task<IReadOnlyList<PracticeMeasure>> TopAsync(Selection s, Metric m, int n, CancellationToken ct = default) => inner.TopAsync(s, m, n, ct);
        public Task<IReadOnlyList<BnfNode>> SearchBnfAsync(string t, int l, CancellationToken ct = default) => inner.SearchBnfAsync(t, l, ct);
        public Task<IReadOnlyList<BnfNode>> BnfChildrenAsync(string c, CancellationToken ct = default) => inner.BnfChildrenAsync(c, ct);
        public Task<PracticeDetail?> PracticeAsync(string p, CancellationToken ct = default) => inner.PracticeAsync(p, ct);
        public Task<IReadOnlyList<MedicineMeasure>> TopMedicinesAsync(Selection s, Metric m, int n, CancellationToken ct = default) => inner.TopMedicinesAsync(s, m, n, ct);
        public Task<IReadOnlyList<PracticeSummary>> SearchPracticesAsync(string t, int l, CancellationToken ct = default) => inner.SearchPracticesAsync(t, l, ct);
        public Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken ct = default) => inner.MonthsAsync(ct);
        public Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken ct = default) => inner.RegionsAsync(ct);
        public Task<IReadOnlyList<PracticeArea>> AreasAsync(CancellationToken ct = default) => inner.AreasAsync(ct);
        public Task<IReadOnlyList<PracticeMeasure>> TopPerThousandPatientsAsync(Selection s, Metric m, int n, CancellationToken ct = default) => inner.TopPerThousandPatientsAsync(s, m, n, ct);
        public Task<IReadOnlyList<YearMonth>> ListSizeMonthsAsync(CancellationToken ct = default) => inner.ListSizeMonthsAsync(ct);
    }

    [Fact]
    public async Task Practice_ALoadCommitsBetweenItsSeriesAndItsMedicines_BothComeFromTheNewData()
    {
        var data = FakeDataset.Sample(6);
        var february = new YearMonth(2024, 2);
        var before = data.Rows.Where(r => r.Practice == "P00000" && r.Month == february).Sum(r => r.Items);
        var queries = new ReloadAfterFirstSeries(new FakeQueries(data), new FakeRow("P00000", "0403030E0AAAAAA", february, 1000, 0, 0, 0));
        queries.Warehouse = new FakeWarehouse(queries);
        await using var app = await TestApp.StartAsync(queries.Warehouse);

        var practice = await app.GetJsonAsync("/api/practices/P00000?from=2024-02&to=2024-02&metric=items&n=50");

        var seriesItems = practice.GetProperty("series").EnumerateArray()
            .Single(p => p.GetProperty("month").GetString() == "2024-02").GetProperty("items").GetInt64();
        var medicineItems = practice.GetProperty("top_medicines").EnumerateArray().Sum(m => m.GetProperty("items").GetInt64());
        Assert.Equal(before + 1000, medicineItems);
        Assert.Equal(medicineItems, seriesItems);
    }
}
