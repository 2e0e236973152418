using RxAtlas.Core;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

public abstract partial class WarehouseContractTests
{
    [Fact]
    public async Task MonthsView_OneRowPerLoadedMonthWithCalendarAndFinancialYearLabelsAndItsLoad()
    {
        var march = FakeMonths.Release(new YearMonth(2024, 3), seed: 3);
        var april = FakeMonths.Release(new YearMonth(2024, 4), seed: 4, count: 120);
        await Warehouse.LoadMonthAsync(FakeMonths.Release(new YearMonth(2024, 3), seed: 9)); // replaced by the reload below
        await Warehouse.LoadMonthAsync(march);
        var aprilReport = await Warehouse.LoadMonthAsync(april);
        await Warehouse.LoadListSizesAsync(new YearMonth(2024, 5), [new PracticeListSize("A81001", new YearMonth(2024, 5), 900)]); // not a loaded month

        var rows = await RowsAsync("""
            SELECT CAST(month AS VARCHAR), year, month_of_year, calendar_quarter, financial_year, financial_quarter,
                   dataset, source_files, source_rows, fact_rows
            FROM months ORDER BY month
            """);

        Assert.Equal(
            [
                ["2024-03-01", 2024L, 3L, 1L, "2023/24", 4L, "fake", "fake 2024-03", (long)march.Rows.Count, await FactRowsAsync(202403)],
                ["2024-04-01", 2024L, 4L, 2L, "2024/25", 1L, "fake", "fake 2024-04", (long)april.Rows.Count, aprilReport.FactRows],
            ],
            rows.Select(r => new object?[] { r[0], Long(r[1]), Long(r[2]), Long(r[3]), r[4], Long(r[5]), r[6], r[7], Long(r[8]), Long(r[9]) }));
        var loadedAt = await RowsAsync("SELECT count(*) FROM months m JOIN meta.loads l ON l.loaded_at = m.loaded_at AND l.source = m.source_files");
        Assert.Equal(2L, Long(loadedAt.Single()[0]));
    }

    [Theory]
    [InlineData(1, "2023/24", 4)]
    [InlineData(3, "2023/24", 4)]
    [InlineData(4, "2024/25", 1)]
    [InlineData(6, "2024/25", 1)]
    [InlineData(7, "2024/25", 2)]
    [InlineData(9, "2024/25", 2)]
    [InlineData(10, "2024/25", 3)]
    [InlineData(12, "2024/25", 3)]
    public async Task MonthsView_FinancialQuarterCountsFromApril(int monthOfYear, string financialYear, int financialQuarter)
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(new YearMonth(2024, monthOfYear), seed: monthOfYear, count: 40));

        var row = (await RowsAsync("SELECT financial_year, financial_quarter, calendar_quarter FROM months")).Single();

        Assert.Equal((financialYear, financialQuarter, (monthOfYear - 1) / 3 + 1), ((string)row[0]!, (int)Long(row[1]), (int)Long(row[2])));
    }

    [Fact]
    public async Task MonthsView_SpendPerFinancialYear_SumsTheMonthsOfEachYear()
    {
        var releases = new[] { new YearMonth(2024, 2), new YearMonth(2024, 3), new YearMonth(2024, 4) }
            .Select((m, i) => FakeMonths.Release(m, seed: 20 + i, count: 60)).ToList();
        foreach (var release in releases) await Warehouse.LoadMonthAsync(release);

        var rows = await RowsAsync("""
            SELECT m.financial_year, count(DISTINCT m.month) AS months, sum(p.nic) AS nic
            FROM prescribing p JOIN months m USING (month)
            GROUP BY m.financial_year ORDER BY m.financial_year
            """);

        decimal Nic(IEnumerable<FakeMonthRelease> r) => r.Sum(x => x.Rows.Sum(row => row.NicPence)) / 100m;
        Assert.Equal(
            [("2023/24", 2L, Nic(releases.Take(2))), ("2024/25", 1L, Nic(releases.Skip(2)))],
            rows.Select(r => ((string)r[0]!, Long(r[1]), Convert.ToDecimal(r[2], System.Globalization.CultureInfo.InvariantCulture))));
    }

    private async Task<long> FactRowsAsync(int monthKey) =>
        Long((await RowsAsync($"SELECT count(*) FROM fact_prescribing WHERE month_key = {monthKey}")).Single()[0]);
}
