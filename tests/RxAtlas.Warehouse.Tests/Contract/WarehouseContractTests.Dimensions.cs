using RxAtlas.Core;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

/// <summary>The dimension upserts: which month's attributes a practice or presentation keeps, names filled from other rows
/// with the same code, sub-ICB codes in one form, and loads that replace a month loaded from another dataset.</summary>
public abstract partial class WarehouseContractTests
{
    private static readonly YearMonth Dec2020 = new(2020, 12);
    private static readonly YearMonth Jun2021 = new(2021, 6);
    private static readonly YearMonth Jul2021 = new(2021, 7);
    private const string Furosemide = "0202010F0AAAHAH";

    /// <summary>A month with one row for practice N81019 and <see cref="Furosemide"/>, the practice in <paramref name="region"/>
    /// and the presentation named <paramref name="presentation"/>.</summary>
    private static FakeMonthRelease MonthWith(YearMonth month, string region, string? presentation, string? address = null) =>
        new(month, [new("N81019", Furosemide, 1, 1000, 100, 100_000)])
        {
            Practices = [new PracticeRecord("N81019", "Practice " + month, address, null, region, "Region " + region)],
            Bnf = [new BnfRecord(Furosemide, presentation, null, null, null, null, null, null, null, null, null, null, null, null)],
        };

    private async Task<object?[]> PracticeAndPresentationAsync() =>
        (await RowsAsync($"""
            SELECT p.region_code, p.region_name, p.name, p.address, b.presentation
            FROM practices p CROSS JOIN bnf b WHERE p.practice_code = 'N81019' AND b.bnf_code = '{Furosemide}'
            """)).Single();

    [Fact]
    public async Task LoadMonth_OlderMonthReloaded_KeepsTheNewerMonthsAttributesAndFillsOnlyGaps()
    {
        await Warehouse.LoadMonthAsync(MonthWith(Jun2021, "Y63", "Furosemide 200mg tablets"));

        await Warehouse.LoadMonthAsync(MonthWith(Dec2020, "Y62", "Furosemide_Tab 200mg", address: "1 OLD ROAD"));

        // Newer attributes stay; the older month only fills what the newer one left empty (the address).
        Assert.Equal(["Y63", "Region Y63", "Practice 2021-06", "1 OLD ROAD", "Furosemide 200mg tablets"], await PracticeAndPresentationAsync());
        var months = (await RowsAsync($"""
            SELECT p.attributes_month, b.attributes_month FROM dim_practice p CROSS JOIN dim_bnf b
            WHERE p.practice_code = 'N81019' AND b.bnf_code = '{Furosemide}'
            """)).Single();
        Assert.Equal([202106L, 202106L], months.Select(Long));

        // The same month again, or a newer one, replaces them.
        await Warehouse.LoadMonthAsync(MonthWith(Jul2021, "Y61", "Furosemide 200mg tablets (new)"));
        Assert.Equal(["Y61", "Region Y61", "Practice 2021-07", "1 OLD ROAD", "Furosemide 200mg tablets (new)"], await PracticeAndPresentationAsync());
    }

    [Fact]
    public async Task LoadMonth_OlderMonthFirst_ThenNewer_TakesTheNewer()
    {
        await Warehouse.LoadMonthAsync(MonthWith(Dec2020, "Y62", "Furosemide_Tab 200mg"));

        await Warehouse.LoadMonthAsync(MonthWith(Jun2021, "Y63", "Furosemide 200mg tablets"));

        Assert.Equal(["Y63", "Region Y63", "Practice 2021-06", null, "Furosemide 200mg tablets"], await PracticeAndPresentationAsync());
    }

    [Fact]
    public async Task UpsertReference_ReplacesAttributesAndRanksLevelWithTheStoredMonth()
    {
        // A reference file has no month: it replaces what is stored, as before, and keeps the stored attributes' month, so an
        // older month's reload leaves its values alone while a load of that month (or a newer one) replaces them.
        await Warehouse.LoadMonthAsync(MonthWith(Jun2021, "Y63", "Furosemide 200mg tablets"));
        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [new PracticeRecord("N81019", "EPRACCUR NAME", "2 NEW ROAD", null)],
            [new BnfRecord(Furosemide, "Furosemide 200mg tablets (BNF file)", null, null, null, null, null, null, null, null, null, null, null, null)],
            []));

        await Warehouse.LoadMonthAsync(MonthWith(Dec2020, "Y62", "Furosemide_Tab 200mg"));
        Assert.Equal(["Y63", "Region Y63", "EPRACCUR NAME", "2 NEW ROAD", "Furosemide 200mg tablets (BNF file)"], await PracticeAndPresentationAsync());

        await Warehouse.LoadMonthAsync(MonthWith(Jun2021, "Y63", "Furosemide 200mg tablets"));
        Assert.Equal(["Y63", "Region Y63", "Practice 2021-06", "2 NEW ROAD", "Furosemide 200mg tablets"], await PracticeAndPresentationAsync());
    }

    [Fact]
    public async Task LoadMonth_CodeMissingFromTheBnfFile_TakesLevelNamesFromPresentationsWithTheSameLevelCodes()
    {
        // 0212000B0AAAKAK is not in the BNF code file; its sibling is, naming chapter 02 and section 0212.
        static BnfRecord Named(string code) => new(code, "Atorvastatin 10mg tablets", code[..11], "Atorvastatin", code[..9], "Atorvastatin",
            "0212000", "Lipid-regulating drugs", "021200", "Lipid-regulating drugs", "0212", "Lipid-regulating drugs", "02", "Cardiovascular System");
        await Warehouse.UpsertReferenceAsync(new ReferenceData([], [Named("0212000B0AAAAAA")], []));
        var release = new FakeMonthRelease(Month1, [new("A81001", "0212000B0AAAKAK", 1, 1000, 250, 250_000)])
        {
            Bnf = [new BnfRecord("0212000B0AAAKAK", "Atorvastatin 80mg tablets (EPD)", null, null, null, null, null, null, null, null, null, null, null, null)],
        };

        var report = await Warehouse.LoadMonthAsync(release);

        var row = (await RowsAsync("""
            SELECT chemical_code, chemical, paragraph_code, paragraph, section_code, section, chapter_code, chapter, product_code, product
            FROM bnf WHERE bnf_code = '0212000B0AAAKAK'
            """)).Single();
        Assert.Equal(["0212000B0", "Atorvastatin", "021200", "Lipid-regulating drugs", "0212", "Lipid-regulating drugs", "02", "Cardiovascular System",
            "0212000B0AA", "Atorvastatin"], row);
        Assert.True(report.Checks.Single(c => c.Name == "bnf_names_present").Passed);
        var byChapter = await RowsAsync("SELECT b.chapter, SUM(p.nic) FROM prescribing p JOIN bnf b ON b.bnf_code = p.bnf_code GROUP BY b.chapter");
        Assert.Equal("Cardiovascular System", Assert.Single(byChapter)[0]);
    }

    [Fact]
    public async Task UpsertReference_SiblingNamedAfterTheLoad_NamesTheUnnamedCodesLevelsToo()
    {
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, [new("A81001", "0212000B0AAAKAK", 1, 1000, 250, 250_000)]));

        await Warehouse.UpsertReferenceAsync(new ReferenceData([],
            [new BnfRecord("0212000Y0AAAAAA", "Other", null, null, null, null, null, null, null, null, "0212", "Lipid-regulating drugs", "02", "Cardiovascular System")],
            []));

        var row = (await RowsAsync("SELECT presentation, chemical, section_code, section, chapter_code, chapter FROM bnf WHERE bnf_code = '0212000B0AAAKAK'")).Single();
        Assert.Equal([null, null, "0212", "Lipid-regulating drugs", "02", "Cardiovascular System"], row);
    }

    [Fact]
    public async Task Practices_SubIcbCodesInOneForm_WithNamesFromTheSourceThatKnowsThem()
    {
        // epraccur gives 00P with no name for a practice seen only in PDPI months; EPD gives 00P00 (CCG code + 00) with its name
        // for another practice, and a five-character sub-ICB code that is not a CCG code + 00.
        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [new PracticeRecord("A89001", "PDPI ONLY", null, null, "Y63", "NORTH EAST AND YORKSHIRE", "QHM", null, "00P", null)], [], []));
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1,
            [new("A89002", "0407020A0BBAAAA", 1, 1000, 100, 100_000), new("F82001", "0407020A0BBAAAA", 1, 1000, 100, 100_000)])
        {
            Practices =
            [
                new PracticeRecord("A89002", "EPD", null, null, "Y63", "NORTH EAST AND YORKSHIRE", "QHM", "NORTH EAST AND NORTH CUMBRIA ICB", "00P00", "NHS SUNDERLAND"),
                new PracticeRecord("F82001", "MERGED", null, null, "Y56", "LONDON", "QMF", "NORTH EAST LONDON ICB", "w2u3z", "NHS NORTH EAST LONDON ICB - A3A8R"),
            ],
        });

        var rows = await RowsAsync("SELECT practice_code, sub_icb_code, sub_icb_name, icb_name FROM practices WHERE practice_code IN ('A89001', 'A89002', 'F82001') ORDER BY 1");

        Assert.Equal(["A89001", "00P", "NHS SUNDERLAND", "NORTH EAST AND NORTH CUMBRIA ICB"], rows[0]);
        Assert.Equal(["A89002", "00P", "NHS SUNDERLAND", "NORTH EAST AND NORTH CUMBRIA ICB"], rows[1]);
        Assert.Equal(["F82001", "W2U3Z", "NHS NORTH EAST LONDON ICB - A3A8R", "NORTH EAST LONDON ICB"], rows[2]);
        var groups = await RowsAsync("SELECT COUNT(DISTINCT sub_icb_code) FROM practices WHERE practice_code IN ('A89001', 'A89002')");
        Assert.Equal(1L, Long(groups.Single()[0]));
    }

    [Fact]
    public async Task LoadMonth_ReplacingAMonthLoadedFromAnotherDataset_SaysSoNamingBoth()
    {
        var rows = FakeMonths.Rows(seed: 1);
        var pdpi = new FakeMonthRelease(Month1, rows) { Dataset = "PDPI", Description = "T202401PDPI BNFT.csv", Practices = FakeMonths.Practices };
        var epd = new FakeMonthRelease(Month1, rows.Skip(1).ToList()) { Dataset = "EPD", Description = "EPD_202401.csv", Practices = FakeMonths.Practices };

        var first = await Warehouse.LoadMonthAsync(pdpi);
        var again = await Warehouse.LoadMonthAsync(
            new FakeMonthRelease(Month1, rows) { Dataset = "PDPI", Description = "T202401PDPI BNFT.csv + T202401ADDR BNFT.csv", Practices = FakeMonths.Practices });
        var replacing = await Warehouse.LoadMonthAsync(epd);

        Assert.Null(first.Replaced);
        Assert.Null(again.Replaced); // a revision of the same dataset
        var replaced = Assert.IsType<ReplacedLoad>(replacing.Replaced);
        Assert.Equal(("PDPI", "T202401PDPI BNFT.csv + T202401ADDR BNFT.csv", "EPD", "EPD_202401.csv"),
            (replaced.Dataset, replaced.Description, replaced.ByDataset, replaced.ByDescription));
        Assert.Equal(pdpi.Totals, replaced.Totals);
        var line = replaced.Describe(Month1, replacing.Totals);
        Assert.Contains("PDPI", line, StringComparison.Ordinal);
        Assert.Contains("EPD_202401.csv", line, StringComparison.Ordinal);
        Assert.Contains($"£{FixedPoint.ToDecimal(pdpi.Totals.NicPence, Scale.NicDigits).ToString("N2", System.Globalization.CultureInfo.InvariantCulture)}", line, StringComparison.Ordinal);
        Assert.Equal(["EPD", "EPD_202401.csv"], (await RowsAsync("SELECT dataset, source FROM meta.loads")).Single());
    }
}
