using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

public abstract partial class WarehouseContractTests
{
    /// <summary>Practices given no list size in month 1 / month 2 of <see cref="SampleListSizes"/>.</summary>
    private static readonly string[] NoSizeMonth1 = ["A81004"];
    private static readonly string[] NoSizeMonth2 = ["A81009", "A81010"];

    /// <summary>Deterministic list sizes for every real sample practice, minus a few per month.</summary>
    protected static IReadOnlyList<PracticeListSize> SampleListSizes(YearMonth month) =>
        [.. FakeMonths.PracticeCodes
            .Where(c => !PracticeCode.IsUnidentified(c))
            .Where(c => !(month == Month1 ? NoSizeMonth1 : NoSizeMonth2).Contains(c))
            .Select((c, i) => new PracticeListSize(c, month, 1_000 + 37 * i + month.Month))];

    private async Task<IReadOnlyDictionary<YearMonth, IReadOnlyList<PrescribingRow>>> LoadSampleWithListSizesAsync()
    {
        var data = await LoadSampleAsync();
        await Warehouse.LoadListSizesAsync(Month1, SampleListSizes(Month1));
        await Warehouse.LoadListSizesAsync(Month2, SampleListSizes(Month2));
        return data;
    }

    [Fact]
    public async Task LoadListSizesAsync_ListSizesViewShowsEveryRow()
    {
        var sizes = SampleListSizes(Month1);

        var written = await Warehouse.LoadListSizesAsync(Month1, sizes);

        var rows = await RowsAsync("SELECT CAST(month AS VARCHAR), practice_code, patients FROM list_sizes ORDER BY practice_code");
        Assert.Equal(sizes.Count, written);
        Assert.Equal(sizes.OrderBy(s => s.PracticeCode, StringComparer.Ordinal).Select(s => ("2024-01-01", s.PracticeCode, (long)s.Patients)),
            rows.Select(r => ((string)r[0]!, (string)r[1]!, Long(r[2]))));
    }

    [Fact]
    public async Task LoadListSizesAsync_Reload_ReplacesOnlyThatMonth()
    {
        await Warehouse.LoadListSizesAsync(Month1, SampleListSizes(Month1));
        await Warehouse.LoadListSizesAsync(Month2, SampleListSizes(Month2));

        await Warehouse.LoadListSizesAsync(Month1, [new PracticeListSize("a81001 ", Month1, 5)]);

        var month1 = await RowsAsync("SELECT practice_code, patients FROM list_sizes WHERE month = DATE '2024-01-01'");
        var month2 = await RowsAsync("SELECT COUNT(*) FROM list_sizes WHERE month = DATE '2024-02-01'");
        Assert.Equal(("A81001", 5L), Assert.Single(month1.Select(r => ((string)r[0]!, Long(r[1])))));
        Assert.Equal(SampleListSizes(Month2).Count, Long(month2[0][0]));
    }

    [Fact]
    public async Task LoadListSizesAsync_UnknownPractice_AddedToPracticesAndMonthListed()
    {
        await Warehouse.LoadListSizesAsync(Month2, [new PracticeListSize("Y99999", Month2, 42)]);

        Assert.Single(await RowsAsync("SELECT practice_code FROM practices WHERE practice_code = 'Y99999'"));
        Assert.Equal([Month2], await Warehouse.Queries.ListSizeMonthsAsync());
        Assert.Empty(await Warehouse.LoadedMonthsAsync());
    }

    [Fact]
    public async Task LoadListSizesAsync_ConflictingDuplicate_RefusedAndNothingChanged()
    {
        await Warehouse.LoadListSizesAsync(Month1, [new PracticeListSize("A81001", Month1, 10)]);
        var version = await Warehouse.DataVersionAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Warehouse.LoadListSizesAsync(Month1,
            [new PracticeListSize("A81002", Month1, 1), new PracticeListSize("A81002", Month1, 2)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Warehouse.LoadListSizesAsync(Month1, [new PracticeListSize("A81002", Month2, 1)]));

        var rows = await RowsAsync("SELECT practice_code, patients FROM list_sizes");
        Assert.Equal(("A81001", 10L), Assert.Single(rows.Select(r => ((string)r[0]!, Long(r[1])))));
        Assert.Equal(version, await Warehouse.DataVersionAsync());
    }

    [Fact]
    public async Task LoadListSizesAsync_BumpsDataVersion()
    {
        var before = await Warehouse.DataVersionAsync();

        await Warehouse.LoadListSizesAsync(Month1, SampleListSizes(Month1));

        Assert.True(await Warehouse.DataVersionAsync() > before);
    }

    [Fact]
    public async Task ListSizeMonthsAsync_NoneLoaded_Empty()
    {
        await LoadSampleAsync();

        Assert.Empty(await Warehouse.Queries.ListSizeMonthsAsync());
        Assert.All(await Warehouse.Queries.MapAsync(Select("", null, null)), p => Assert.Null(p.PatientMonths));
    }

    [Theory]
    [InlineData("", 1, 2)]
    [InlineData("02", 1, 2)]
    [InlineData("0407010", 1, 1)]
    [InlineData("", 2, 2)]
    public async Task MapAsync_PatientsAndRatesEqualIndependentComputation(string prefixes, int fromMonth, int toMonth)
    {
        var data = await LoadSampleWithListSizesAsync();
        var selection = new Selection(prefixes.Length == 0 ? [] : [prefixes], new YearMonth(2024, fromMonth), new YearMonth(2024, toMonth));

        var map = (await Warehouse.Queries.MapAsync(selection)).Where(p => !p.IsUnidentified).ToList(); // they have no list size

        var expected = ExpectedPerThousand(data, selection, Metric.ActualCost);
        Assert.Equal(expected.Select(e => (e.Code, e.PatientMonths, e.Rate)), map.Select(p => (p.PracticeCode, p.PatientMonths, p.PerThousandPatients(Metric.ActualCost))));
        Assert.Contains(map, p => p.PatientMonths is not null);
        Assert.All(map.Where(p => p.PatientMonths is not null), p => Assert.Equal((decimal)p.PatientMonths!.Value / p.ListSizeMonths, p.MeanPatients));
        Assert.All(map, p => Assert.Equal(toMonth - fromMonth + 1, p.LoadedMonths));
    }

    [Theory]
    [InlineData(Metric.Nic)]
    [InlineData(Metric.Items)]
    [InlineData(Metric.Quantity)]
    public async Task TopPerThousandPatientsAsync_RanksOnExactRateThenUnsizedByCode(Metric metric)
    {
        var data = await LoadSampleWithListSizesAsync();
        var selection = Select("", null, null);

        var top = await Warehouse.Queries.TopPerThousandPatientsAsync(selection, metric, 100);

        var expected = ExpectedPerThousand(data, selection, metric)
            .OrderBy(e => e.Rate is null).ThenByDescending(e => e.Rate).ThenBy(e => e.Code, StringComparer.Ordinal).Select(e => e.Code).ToList();
        Assert.Equal(expected, top.Select(p => p.PracticeCode));
        Assert.DoesNotContain(top, p => p.PatientMonths is null); // each is sized in one of the two months
        Assert.Equal(expected.Count, top.Count(p => p.PerThousandPatients(metric) is not null));
        Assert.Equal(expected.Take(3), (await Warehouse.Queries.TopPerThousandPatientsAsync(selection, metric, 3)).Select(p => p.PracticeCode));
    }

    /// <summary>A practice sized in only some of the period's months (A81004 has no list size in month 1) gets a rate from the
    /// months it has one for, scaled to the period; the others keep the whole-period rate; none is null for one missing month.</summary>
    [Fact]
    public async Task MapAsync_PracticeMissingAListSizeMonth_RateFromItsSizedMonthsScaledToThePeriod()
    {
        var data = await LoadSampleWithListSizesAsync();
        var selection = new Selection([], Month1, Month2);

        var partial = (await Warehouse.Queries.MapAsync(selection)).Single(p => p.PracticeCode == NoSizeMonth1[0]);

        var month2 = Matching(data, selection with { From = Month2 }).Where(r => r.PracticeCode == NoSizeMonth1[0]).ToList();
        var size = SampleListSizes(Month2).Single(s => s.PracticeCode == NoSizeMonth1[0]).Patients;
        Assert.Equal(1, partial.ListSizeMonths);
        Assert.Equal(2, partial.LoadedMonths);
        Assert.Equal((decimal)size, partial.MeanPatients);
        Assert.Equal(1000m * month2.Sum(r => r.Items) * 2 / size, partial.PerThousandPatients(Metric.Items));
    }

    /// <summary>Per practice (real, prescribing in the selection): patients summed over the selection's months in which it has
    /// a size (patient-months; null when none), and its rate from those months, 1000 × metric in those months × months of the
    /// period ÷ patient-months, by plain LINQ over the inputs.</summary>
    private static List<(string Code, long? PatientMonths, decimal? Rate)> ExpectedPerThousand(
        IReadOnlyDictionary<YearMonth, IReadOnlyList<PrescribingRow>> data, Selection selection, Metric metric)
    {
        var months = data.Keys.Where(m => m >= selection.From && m <= selection.To).ToList();
        var sizes = months.SelectMany(SampleListSizes).ToList();
        var rows = months.SelectMany(m => Matching(data, selection with { From = m, To = m }).Select(r => (Month: m, Row: r)));
        return [.. rows.Where(r => !PracticeCode.IsUnidentified(r.Row.PracticeCode))
            .GroupBy(r => r.Row.PracticeCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var own = sizes.Where(s => s.PracticeCode == g.Key).ToList();
                long? patients = own.Count > 0 ? own.Sum(s => (long)s.Patients) : null;
                var sized = g.Where(r => own.Any(s => s.Month == r.Month)).Select(r => r.Row).ToList();
                decimal value = metric switch
                {
                    Metric.Nic => sized.Sum(r => r.NicPence) / 100m,
                    Metric.ActualCost => sized.Sum(r => r.ActualCostE5) / 100_000m,
                    Metric.Items => sized.Sum(r => r.Items),
                    _ => sized.Sum(r => r.QuantityMilli) / 1_000m,
                };
                return (g.Key, patients, patients is { } p ? value * 1000m * months.Count / p : (decimal?)null);
            })];
    }
}
