using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

public abstract partial class WarehouseContractTests
{
    /// <summary>Selections covering every source path: none (practice rollup), rolled-up levels, overlapping prefixes,
    /// fact-only levels (subparagraph, product, presentation, appliance), a prefix matching nothing, region and practice.</summary>
    public static TheoryData<string, string?, string?> Selections => new()
    {
        { "", null, null },
        { "02", null, null },
        { "0205,0407", null, null },
        { "02,0205051R0", null, null },
        { "0407010", null, null },
        { "0205051R0AA", null, null },
        { "0407010H0AAAAAA", null, null },
        { "20, 0601022B0", null, null },
        { "0101010A0AAABAB,04", null, null },
        { "99", null, null },
        { "", "Y55", null },
        { "0205", "Y56", null },
        { "04", null, "A81005" },
        { "", null, "A81998" },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task MapAsync_EqualsIndependentSumsPerPracticeUnidentifiedFlagged(string prefixes, string? region, string? practice)
    {
        var data = await LoadSampleAsync();
        var selection = Select(prefixes, region, practice);

        var map = await Warehouse.Queries.MapAsync(selection);

        var expected = Matching(data, selection)
            .GroupBy(r => r.PracticeCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PracticeMeasure(g.Key, FakeMonths.PracticeName(g.Key), FakeMonths.Location(g.Key).Lat, FakeMonths.Location(g.Key).Lon,
                g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5))
            {
                IsUnidentified = PracticeCode.IsUnidentified(g.Key),
                SizedSums = new MeasureSums(0, 0, 0, 0), // no list sizes loaded: nothing counts towards a rate
                LoadedMonths = data.Keys.Count(m => m >= selection.From && m <= selection.To),
            })
            .ToList();
        Assert.Equal(expected, map);
        if (prefixes.Length == 0 && region is null && practice is null) Assert.Contains(map, p => p.IsUnidentified);
    }

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task TimeSeriesAsync_EqualsIndependentSumsPerMonthIncludingUnidentified(string prefixes, string? region, string? practice)
    {
        var data = await LoadSampleAsync();
        var selection = Select(prefixes, region, practice);

        var series = await Warehouse.Queries.TimeSeriesAsync(selection);

        var expected = new[] { Month1, Month2 }.Select(m =>
        {
            var rows = Matching(new Dictionary<YearMonth, IReadOnlyList<PrescribingRow>> { [m] = data[m] }, selection).ToList();
            return new MonthMeasure(m, rows.Sum(r => r.Items), rows.Sum(r => r.QuantityMilli), rows.Sum(r => r.NicPence), rows.Sum(r => r.ActualCostE5));
        }).ToList();
        Assert.Equal(expected, series);
    }

    [Theory]
    [InlineData(Metric.Nic)]
    [InlineData(Metric.ActualCost)]
    [InlineData(Metric.Items)]
    [InlineData(Metric.Quantity)]
    public async Task TopAsync_RanksRealPracticesByTheMetric(Metric metric)
    {
        var data = await LoadSampleAsync();
        var selection = Select("02,0407010H0AAAAAA", null, null) with { From = Month2 };

        var top = await Warehouse.Queries.TopAsync(selection, metric, 5);

        var expected = (await Warehouse.Queries.MapAsync(selection)).Where(p => !p.IsUnidentified)
            .OrderByDescending(p => p.Value(metric)).ThenBy(p => p.PracticeCode, StringComparer.Ordinal).Take(5).ToList();
        Assert.Equal(5, top.Count);
        Assert.Equal(expected, top);
        Assert.Equal(Matching(data, selection).Where(r => r.PracticeCode == top[0].PracticeCode).Sum(r => r.NicPence), top[0].NicPence);
    }

    [Fact]
    public async Task TopMedicinesAsync_RanksOnePracticesPresentations()
    {
        var data = await LoadSampleAsync();
        var selection = Select("", null, "A81004");

        var medicines = await Warehouse.Queries.TopMedicinesAsync(selection, Metric.ActualCost, 4);

        var expected = Matching(data, selection).GroupBy(r => r.BnfCode)
            .Select(g => new MedicineMeasure(g.Key, FakeMonths.PresentationName(g.Key), g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5)))
            .OrderByDescending(m => m.ActualCostE5).ThenBy(m => m.BnfCode, StringComparer.Ordinal).Take(4).ToList();
        Assert.Equal(expected, medicines);
    }

    [Fact]
    public async Task Queries_AfterReloadWithoutPublish_RollupAndFactPathsAgreeWithTheNewData()
    {
        await LoadSampleAsync();
        var replacement = FakeMonths.Release(Month1, seed: 11, count: 80);
        await Warehouse.LoadMonthAsync(replacement);
        var data = new Dictionary<YearMonth, IReadOnlyList<PrescribingRow>> { [Month1] = replacement.Rows };
        var viaRollup = Select("04", null, null) with { To = Month1 };
        var viaFact = Select("0403030Q0AA,0407", null, null) with { To = Month1 };

        var rollup = await Warehouse.Queries.TimeSeriesAsync(viaRollup);
        var fact = await Warehouse.Queries.TimeSeriesAsync(viaFact);

        Assert.Equal(Matching(data, viaRollup).Sum(r => r.NicPence), Assert.Single(rollup).NicPence);
        Assert.Equal(Matching(data, viaFact).Sum(r => r.NicPence), Assert.Single(fact).NicPence);
    }

    [Fact]
    public async Task Queries_ConcurrentCallers_AllGetTheSameAnswer()
    {
        await LoadSampleAsync();
        var selection = Select("0205,0407010H0AAAAAA", null, null);
        var expected = await Warehouse.Queries.MapAsync(selection);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Warehouse.Queries.MapAsync(selection))));

        Assert.All(answers, a => Assert.Equal(expected, a));
    }

    [Fact]
    public async Task Selection_InvalidPrefix_IsRejected()
    {
        await LoadSampleAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Warehouse.Queries.MapAsync(Select("02'; DROP TABLE dim_bnf; --", null, null)));
    }

    [Fact]
    public async Task BnfChildrenAsync_WalksTheHierarchyByCode()
    {
        await LoadSampleAsync();

        var chapters = await Warehouse.Queries.BnfChildrenAsync("");
        var chemicals = await Warehouse.Queries.BnfChildrenAsync("0205051");
        var presentations = await Warehouse.Queries.BnfChildrenAsync("0205051R0AA");
        var applianceSection = await Warehouse.Queries.BnfChildrenAsync("2003");
        var appliances = await Warehouse.Queries.BnfChildrenAsync("200310000");

        Assert.Equal(["01", "02", "04", "06", "20", "21"], chapters.Select(c => c.Code));
        Assert.All(chapters, c => Assert.Equal((BnfLevel.Chapter, true), (c.Level, c.HasChildren)));
        Assert.Equal("Chapter 02", chapters[1].Name);
        Assert.Equal([new BnfNode("0205051L0", "Chemical 0205051L0", BnfLevel.Chemical, true), new BnfNode("0205051R0", "Chemical 0205051R0", BnfLevel.Chemical, true)], chemicals);
        Assert.Equal([new BnfNode("0205051R0AAAAAA", "Presentation 0205051R0AAAAAA", BnfLevel.Presentation, false),
            new BnfNode("0205051R0AAABAB", "Presentation 0205051R0AAABAB", BnfLevel.Presentation, false)], presentations);
        Assert.Equal(["200310"], applianceSection.Select(n => n.Code));
        Assert.Null(applianceSection[0].Name);
        // An appliance's code is also its product's, whose name is a placeholder: the node takes the presentation's name.
        Assert.Equal([new BnfNode("20031000015", "Presentation 20031000015", BnfLevel.Product, false)], appliances);
    }

    [Fact]
    public async Task SearchBnfAsync_FindsAnApplianceByItsPresentationName()
    {
        await LoadSampleAsync();

        var found = await Warehouse.Queries.SearchBnfAsync("presentation 2002", 50);

        Assert.Equal([new BnfNode("20020100101", "Presentation 20020100101", BnfLevel.Product, false)], found);
    }

    [Fact]
    public async Task SearchBnfAsync_MatchesCodePrefixOrNameAtEveryLevel()
    {
        await LoadSampleAsync();

        var byCode = await Warehouse.Queries.SearchBnfAsync("0205051r", 50);
        var byName = await Warehouse.Queries.SearchBnfAsync("chemical 0407", 50);
        var limited = await Warehouse.Queries.SearchBnfAsync("04", 3);

        Assert.Equal(["0205051R0", "0205051R0AA", "0205051R0BB", "0205051R0AAAAAA", "0205051R0AAABAB", "0205051R0BBAAAA"], byCode.Select(n => n.Code));
        Assert.Equal([BnfLevel.Chemical, BnfLevel.Product, BnfLevel.Product, BnfLevel.Presentation, BnfLevel.Presentation, BnfLevel.Presentation], byCode.Select(n => n.Level));
        Assert.Equal(["0407010H0", "0407020A0"], byName.Select(n => n.Code));
        Assert.Equal(["04", "0403", "0407"], limited.Select(n => n.Code));
    }

    [Fact]
    public async Task PracticeAsync_ReturnsLocationAndEffectiveRegion()
    {
        await LoadSampleAsync();

        var moved = await Warehouse.Queries.PracticeAsync("A81002");
        var ungeocoded = await Warehouse.Queries.PracticeAsync("a81003");
        var unknown = await Warehouse.Queries.PracticeAsync("ZZZ999");
        var unidentified = await Warehouse.Queries.PracticeAsync("A81998");

        Assert.Equal(new PracticeDetail("A81002", "Practice A81002", "2 High Street", "LS2 2AB", 51.5, -0.12, "Y56", "LONDON", "Q1A", "ICB 1", false, "01A", "Sub ICB 1"), moved);
        Assert.Equal(("LS3 3AB", null, "Y57"), (ungeocoded!.Postcode, ungeocoded.Latitude, ungeocoded.RegionCode));
        Assert.Null(unknown);
        Assert.True(unidentified!.IsUnidentified);
    }

    [Fact]
    public async Task SearchPracticesAsync_ByCodeNameOrPostcode_IncludesUngeocoded()
    {
        await LoadSampleAsync();

        var byCode = await Warehouse.Queries.SearchPracticesAsync("a8100", 50);
        var byName = await Warehouse.Queries.SearchPracticesAsync("practice a81003", 5);
        var byPostcode = await Warehouse.Queries.SearchPracticesAsync("ls77a", 5);
        var byCodeWithSpaces = await Warehouse.Queries.SearchPracticesAsync("a81 00 3", 5);
        var byPostcodeWithSpace = await Warehouse.Queries.SearchPracticesAsync("ls7 7a", 5);

        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"A8100{i}"), byCode.Select(p => p.PracticeCode));
        Assert.Equal(new PracticeSummary("A81003", "Practice A81003", "LS3 3AB", null, null, false), Assert.Single(byName));
        Assert.Equal("A81007", Assert.Single(byPostcode).PracticeCode);
        Assert.Equal("A81003", Assert.Single(byCodeWithSpaces).PracticeCode);
        Assert.Equal("A81007", Assert.Single(byPostcodeWithSpace).PracticeCode);
    }

    [Fact]
    public async Task MonthsAndRegions_ListWhatIsLoaded()
    {
        await LoadSampleAsync();

        var months = await Warehouse.Queries.MonthsAsync();
        var regions = await Warehouse.Queries.RegionsAsync();

        Assert.Equal([Month1, Month2], months);
        var expected = FakeMonths.PracticeCodes.Where(c => !PracticeCode.IsUnidentified(c) && FakeMonths.EffectiveRegion(c) is not null)
            .GroupBy(c => FakeMonths.EffectiveRegion(c)!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).ToList();
        Assert.Equal(expected, regions.Select(r => (r.Code, r.Practices)));
        Assert.Equal("LONDON", regions.Single(r => r.Code == "Y56").Name);
    }

    [Theory]
    [InlineData("", "Y54", "Q0A", null)]
    [InlineData("02", null, "q1a", null)]
    [InlineData("", null, null, "02A")]
    [InlineData("", null, "Q2A", "01A")]
    [InlineData("0407010H0", null, "Q0A", null)]
    [InlineData("04", "Y55", "Q2A", null)]
    public async Task AreaFilters_EqualIndependentSums_ForPracticesInEveryAreaGiven(string prefixes, string? region, string? icb, string? subIcb)
    {
        var data = await LoadSampleAsync();
        var selection = Select(prefixes, region, null) with { IcbCode = icb, SubIcbCode = subIcb };
        var inArea = Matching(data, selection)
            .Where(r => icb is null || string.Equals(FakeMonths.Practice(r.PracticeCode)?.IcbCode, icb, StringComparison.OrdinalIgnoreCase))
            .Where(r => subIcb is null || FakeMonths.Practice(r.PracticeCode)?.SubIcbCode == subIcb)
            .ToList();

        var map = await Warehouse.Queries.MapAsync(selection);
        var series = await Warehouse.Queries.TimeSeriesAsync(selection);
        var medicines = await Warehouse.Queries.TopMedicinesAsync(selection, Metric.Items, 1000);

        Assert.Equal(inArea.Select(r => r.PracticeCode).Distinct().Order(StringComparer.Ordinal), map.Select(p => p.PracticeCode));
        Assert.Equal(inArea.Sum(r => r.NicPence), map.Sum(p => p.NicPence));
        Assert.Equal(inArea.Sum(r => r.Items), series.Sum(m => m.Items));
        Assert.Equal(inArea.Sum(r => r.QuantityMilli), medicines.Sum(m => m.QuantityMilli));
        // Areas given together narrow to their intersection: Y55 holds no practice of Q2A.
        Assert.Equal(region == "Y55" && icb == "Q2A", map.Count == 0);
    }

    [Fact]
    public async Task AreasAsync_CountsRealPracticesByRegionIcbAndSubIcb()
    {
        await LoadSampleAsync();

        var areas = await Warehouse.Queries.AreasAsync();

        var expected = FakeMonths.Practices.Where(p => !p.IsUnidentified && (p.IcbCode ?? p.SubIcbCode) is not null)
            .GroupBy(p => (Region: FakeMonths.EffectiveRegion(p.PracticeCode), p.IcbCode, p.SubIcbCode))
            .Select(g => new PracticeArea(g.Key.Region, g.Key.Region == "Y56" ? "LONDON" : g.First().RegionName, g.Key.IcbCode, g.First().IcbName,
                g.Key.SubIcbCode, g.First().SubIcbName, g.Count()))
            .OrderBy(a => a.RegionCode, StringComparer.Ordinal).ThenBy(a => a.IcbCode, StringComparer.Ordinal).ThenBy(a => a.SubIcbCode, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, areas);
        Assert.Contains(areas, a => a.RegionCode == "Y56" && a.IcbCode == "Q1A"); // A81002: region from its postcode, ICB its own
    }

    protected static Selection Select(string prefixes, string? region, string? practice) =>
        new(prefixes.Length == 0 ? [] : [prefixes], Month1, Month2, region, practice);

    /// <summary>Rows within the selection, by plain LINQ over the source rows.</summary>
    protected static IEnumerable<PrescribingRow> Matching(IReadOnlyDictionary<YearMonth, IReadOnlyList<PrescribingRow>> data, Selection selection)
    {
        var prefixes = selection.BnfPrefixes.SelectMany(p => p.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return data.Where(d => d.Key >= selection.From && d.Key <= selection.To).SelectMany(d => d.Value)
            .Where(r => prefixes.Count == 0 || prefixes.Any(p => r.BnfCode.StartsWith(p, StringComparison.Ordinal)))
            .Where(r => selection.RegionCode is null || FakeMonths.EffectiveRegion(r.PracticeCode) == selection.RegionCode)
            .Where(r => selection.PracticeCode is null || r.PracticeCode == selection.PracticeCode);
    }
}
