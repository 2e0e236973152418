using RxAtlas.Core;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

public abstract partial class WarehouseContractTests
{
    [Fact]
    public async Task LoadMonth_OneRowPerKey_EveryRowBecomesAFactRowUnchanged()
    {
        var rows = FakeMonths.Rows(seed: 3).DistinctBy(r => (r.PracticeCode, r.BnfCode)).ToList();

        var report = await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, rows));

        Assert.Equal(rows.Count, report.FactRows);
        Assert.All(report.Checks.Where(c => c.Severity == CheckSeverity.Error), c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        var stored = await RowsAsync("SELECT p.practice_code, b.bnf_code, f.items, f.quantity_milli, f.nic_pence, f.actual_cost_e5 FROM fact_prescribing f " +
            "JOIN dim_practice p ON p.practice_key = f.practice_key JOIN dim_bnf b ON b.bnf_key = f.bnf_key");
        Assert.Equal(
            rows.Select(r => (r.PracticeCode, r.BnfCode, r.Items, r.QuantityMilli, r.NicPence, r.ActualCostE5)).OrderBy(r => r.PracticeCode).ThenBy(r => r.BnfCode),
            stored.Select(r => ((string)r[0]!, (string)r[1]!, Long(r[2]), Long(r[3]), Long(r[4]), Long(r[5]))).OrderBy(r => r.Item1).ThenBy(r => r.Item2));
    }

    [Fact]
    public async Task LoadMonth_EpdPackRows_SummedAndReconciledToThePenny()
    {
        var release = FakeMonths.Release(Month1, seed: 1);
        var progress = new List<long>();

        var report = await Warehouse.LoadMonthAsync(release, new SynchronousProgress(progress));

        var distinctKeys = release.Rows.Select(r => (r.PracticeCode, r.BnfCode)).Distinct().Count();
        Assert.True(distinctKeys < release.Rows.Count, "sample must contain per-pack duplicate rows");
        Assert.Equal(release.Rows.Count, report.SourceRows);
        Assert.Equal(distinctKeys, report.FactRows);
        Assert.Equal(release.Rows.Count, progress.Last());
        Assert.All(report.Checks.Where(c => c.Severity == CheckSeverity.Error), c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        var totals = await RowsAsync("SELECT COUNT(*), SUM(items), SUM(quantity), SUM(nic), SUM(actual_cost) FROM prescribing");
        Assert.Equal(distinctKeys, Long(totals[0][0]));
        Assert.Equal(release.Rows.Sum(r => r.Items), Long(totals[0][1]));
        Assert.Equal(FixedPoint.ToDecimal(release.Rows.Sum(r => r.QuantityMilli), Scale.QuantityDigits), Convert.ToDecimal(totals[0][2]));
        Assert.Equal(FixedPoint.ToDecimal(release.Rows.Sum(r => r.NicPence), Scale.NicDigits), Convert.ToDecimal(totals[0][3]));
        Assert.Equal(FixedPoint.ToDecimal(release.Rows.Sum(r => r.ActualCostE5), Scale.ActualCostDigits), Convert.ToDecimal(totals[0][4]));
    }

    [Fact]
    public async Task LoadMonth_PerPackRows_OneFactRowWithTheirSum()
    {
        var release = new FakeMonthRelease(Month1,
        [
            new("A81001", "0407010H0AAAAAA", 3, 96_000, 1_234, 1_100_001),
            new("A81001", "0407010H0AAAAAA", 2, 56_500, 99, 98_765),
            new("A81002", "0407010H0AAAAAA", 1, 1, 1, 1),
        ]);

        await Warehouse.LoadMonthAsync(release);

        var rows = await RowsAsync("SELECT items, quantity, nic, actual_cost FROM prescribing WHERE practice_code = 'A81001'");
        var row = Assert.Single(rows);
        Assert.Equal(5L, Long(row[0]));
        Assert.Equal(152.5m, Convert.ToDecimal(row[1]));
        Assert.Equal(13.33m, Convert.ToDecimal(row[2]));
        Assert.Equal(11.98766m, Convert.ToDecimal(row[3]));
    }

    [Fact]
    public async Task LoadMonth_Reload_ReplacesTheMonthInsteadOfDoubling()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        var replacement = FakeMonths.Release(Month1, seed: 7, count: 120);

        await Warehouse.LoadMonthAsync(replacement);
        await Warehouse.LoadMonthAsync(replacement);

        var totals = await RowsAsync("SELECT COUNT(*), SUM(nic) FROM prescribing");
        Assert.Equal(replacement.Rows.Select(r => (r.PracticeCode, r.BnfCode)).Distinct().Count(), Long(totals[0][0]));
        Assert.Equal(FixedPoint.ToDecimal(replacement.Rows.Sum(r => r.NicPence), 2), Convert.ToDecimal(totals[0][1]));
        Assert.Equal([Month1], await Warehouse.LoadedMonthsAsync());
    }

    [Fact]
    public async Task LoadMonth_ExceptionMidStream_RollsBackEverything()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        await Warehouse.PublishAsync();
        var before = await WarehouseDump.TakeAsync(Warehouse);
        var broken = new FakeMonthRelease(Month1, FakeMonths.Rows(seed: 9))
        {
            ThrowAfterRows = 150,
            Practices = [new PracticeRecord("Z99999", "New practice", null, "ZZ1 1ZZ")],
            Bnf = FakeMonths.Bnf,
            Postcodes = [new PostcodeLocation("ZZ1 1ZZ", 1, 1)],
        };

        var failure = await Assert.ThrowsAsync<LoadFailedException>(() => Warehouse.LoadMonthAsync(broken));
        var newMonth = await Assert.ThrowsAsync<LoadFailedException>(() => Warehouse.LoadMonthAsync(new FakeMonthRelease(Month2, FakeMonths.Rows(seed: 3)) { ThrowAfterRows = 10 }));

        Assert.IsType<DataFormatException>(failure.InnerException);
        Assert.Equal(Month1, failure.Month);
        Assert.Equal(Month2, newMonth.Month);
        WarehouseDump.AssertEqual(before, await WarehouseDump.TakeAsync(Warehouse));
    }

    [Fact]
    public async Task LoadMonth_FailureWhileWritingTheFact_RollsBackEverything()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        await Warehouse.PublishAsync();
        var before = await WarehouseDump.TakeAsync(Warehouse);
        // Thousands of valid rows, then one key whose summed items overflow the fact's items column: the load fails part-way
        // through writing the month's fact, after the old month was cleared in the same transaction.
        var rows = FakeMonths.Rows(seed: 9).ToList();
        rows.Add(new PrescribingRow("Z99999", "2301000A0AAAAAA", int.MaxValue, 1, 1, 1));
        rows.Add(new PrescribingRow("Z99999", "2301000A0AAAAAA", 1, 1, 1, 1));

        var failure = await Assert.ThrowsAsync<LoadFailedException>(() => Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, rows)));

        Assert.IsType<OverflowException>(failure.InnerException);
        WarehouseDump.AssertEqual(before, await WarehouseDump.TakeAsync(Warehouse));
    }

    [Fact]
    public async Task LoadMonth_RowsSpilledBeyondMemory_StoresTheSameFactAndRollups()
    {
        const string Fact = "SELECT month_key, practice_key, bnf_key, items, quantity_milli, nic_pence, actual_cost_e5 FROM fact_prescribing ORDER BY bnf_key, practice_key";
        const string Rollups = "SELECT month_key, level_length, bnf_prefix, practice_key, items, nic_pence FROM rollup_bnf_practice_month ORDER BY level_length, bnf_prefix, practice_key";
        var release = FakeMonths.Release(Month1, seed: 1, count: 2_000);
        await Warehouse.LoadMonthAsync(release);
        var (fact, rollups) = (await RowsAsync(Fact), await RowsAsync(Rollups));

        // The same month again, coded with room for 64 rows only: spilled to a file and arranged a BNF range at a time.
        var report = await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, release.Rows)
        {
            Practices = release.Practices, Bnf = release.Bnf, Postcodes = release.Postcodes, RowsInMemory = 64,
        });

        Assert.All(report.Checks.Where(c => c.Severity == CheckSeverity.Error), c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        Assert.Equal(Flat(fact), Flat(await RowsAsync(Fact)));
        Assert.Equal(Flat(rollups), Flat(await RowsAsync(Rollups)));

        static List<string> Flat(List<object?[]> rows) => [.. rows.Select(r => string.Join("|", r))];
    }

    [Fact]
    public async Task LoadMonth_CancelledMidStream_ThrowsCancellationAndRollsBack()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        var before = await WarehouseDump.TakeAsync(Warehouse);
        using var cancellation = new CancellationTokenSource();
        var rows = Enumerable.Range(0, 100_050).Select(i =>
        {
            if (i == 50) cancellation.Cancel();
            return new PrescribingRow("A81001", "0101010A0AAAAAA", 1, 1000, 1, 1);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Warehouse.LoadMonthAsync(new StreamingRelease(Month2, rows), null, cancellation.Token));

        WarehouseDump.AssertEqual(before, await WarehouseDump.TakeAsync(Warehouse));
    }

    [Fact]
    public async Task LoadMonth_FailingErrorCheck_RollsBackAndReportsTheCheck()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        var before = await WarehouseDump.TakeAsync(Warehouse);
        var rows = FakeMonths.Rows(seed: 2);
        var truth = rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));
        var lying = new FakeMonthRelease(Month2, rows) { Practices = FakeMonths.Practices, TotalsOverride = truth with { NicPence = truth.NicPence + 1 } };

        var failure = await Assert.ThrowsAsync<LoadFailedException>(() => Warehouse.LoadMonthAsync(lying));

        var nic = Assert.Single(failure.Checks, c => c.Name == "nic_match_source");
        Assert.False(nic.Passed);
        Assert.Equal(CheckSeverity.Error, nic.Severity);
        Assert.True(failure.Checks.Single(c => c.Name == "items_match_source").Passed);
        WarehouseDump.AssertEqual(before, await WarehouseDump.TakeAsync(Warehouse));
    }

    [Fact]
    public async Task LoadMonth_CodesMissingFromReferenceData_KeptInTotalsAndWarned()
    {
        var release = FakeMonths.Release(Month1, seed: 1);

        var report = await Warehouse.LoadMonthAsync(release);

        var unnamedRows = release.Rows.Where(r => FakeMonths.UnnamedBnfCodes.Contains(r.BnfCode)).Select(r => (r.PracticeCode, r.BnfCode)).Distinct().Count();
        var noAddressRows = release.Rows.Where(r => FakeMonths.PracticesWithoutAddress.Contains(r.PracticeCode) && !PracticeCode.IsUnidentified(r.PracticeCode)).Select(r => (r.PracticeCode, r.BnfCode)).Distinct().Count();
        var factRows = release.Rows.Select(r => (r.PracticeCode, r.BnfCode)).Distinct().Count();
        Assert.True(unnamedRows > 0 && noAddressRows > 0);
        var bnfNames = report.Checks.Single(c => c.Name == "bnf_names_present");
        Assert.Equal((CheckSeverity.Warning, false), (bnfNames.Severity, bnfNames.Passed));
        Assert.Equal(Math.Round((decimal)unnamedRows / factRows, 10), bnfNames.Value);
        var address = report.Checks.Single(c => c.Name == "practice_address_present");
        Assert.Equal((CheckSeverity.Warning, false), (address.Severity, address.Passed));
        Assert.Equal(Math.Round((decimal)noAddressRows / factRows, 10), address.Value);
        var negatives = report.Checks.Single(c => c.Name == "no_negative_values");
        Assert.False(negatives.Passed);
        Assert.Equal(1m, negatives.Value);
        var geocoded = report.Checks.Single(c => c.Name == "practices_geocoded");
        Assert.False(geocoded.Passed);
        Assert.Contains("A81003", geocoded.Detail, StringComparison.Ordinal);
        var missing = await RowsAsync("SELECT bnf_code, presentation, chapter_code, chemical_code FROM bnf WHERE bnf_code = '0407020A0BBAAAA'");
        Assert.Equal(["0407020A0BBAAAA", null, "04", "0407020A0"], missing.Single());
        var practice = await RowsAsync("SELECT practice_code, name, is_unidentified FROM practices WHERE practice_code IN ('A81021', '-') ORDER BY practice_code");
        Assert.Equal(2, practice.Count);
        Assert.Equal(["-", null, true], practice[0]);
        Assert.Equal(["A81021", null, false], practice[1]);
    }

    [Fact]
    public async Task CheckAsync_OnDemand_ReconcilesAgainstRecordedSourceTotals()
    {
        await LoadSampleAsync();

        var all = await Warehouse.CheckAsync();
        var one = await Warehouse.CheckAsync(Month2);

        Assert.Equal([Month1, Month2], all.Select(c => c.Month!.Value).Distinct());
        Assert.All(all.Where(c => c.Severity == CheckSeverity.Error), c => Assert.True(c.Passed, c.Name + ": " + c.Detail));
        Assert.All(one, c => Assert.Equal(Month2, c.Month));
        Assert.Contains(one, c => c.Name == "actual_cost_match_source" && c.Passed);
        var recorded = await RowsAsync("SELECT COUNT(*) FROM meta.check_results");
        Assert.Equal(2 * one.Count + all.Count + one.Count, Long(recorded[0][0]));
    }

    [Fact]
    public async Task CheckAsync_MonthNotLoaded_ReportsAnError()
    {
        var results = await Warehouse.CheckAsync(Month1);

        var result = Assert.Single(results);
        Assert.False(result.Passed);
        Assert.Equal(CheckSeverity.Error, result.Severity);
    }

    [Fact]
    public async Task PublishAsync_BumpsTheDataVersion()
    {
        var before = await Warehouse.DataVersionAsync();
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        var afterLoad = await Warehouse.DataVersionAsync();

        await Warehouse.PublishAsync();

        Assert.True(afterLoad > before);
        Assert.True(await Warehouse.DataVersionAsync() > afterLoad);
    }

    [Fact]
    public async Task UpsertReference_FillsNamesAndLocationsWithoutLosingKnownValues()
    {
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, [new("A81001", "0407020A0BBAAAA", 1, 1000, 100, 100_000)]));

        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [new PracticeRecord("A81001", "Renamed", null, "ls1 1ab")],
            [new BnfRecord("0407020A0BBAAAA", "Named later", null, null, null, "Chemical later", null, null, null, null, null, null, null, "Chapter later")],
            [new PostcodeLocation("LS11AB", 53.8, -1.55, "West Yorkshire", "Y63", "NORTH EAST AND YORKSHIRE")]));

        var practice = await RowsAsync("SELECT name, postcode, latitude, region_code FROM practices WHERE practice_code = 'A81001'");
        Assert.Equal(["Renamed", "LS1 1AB", 53.8, "Y63"], practice.Single());
        var bnf = await RowsAsync("SELECT presentation, chemical_code, chemical, chapter FROM bnf WHERE bnf_code = '0407020A0BBAAAA'");
        Assert.Equal(["Named later", "0407020A0", "Chemical later", "Chapter later"], bnf.Single());
        Assert.DoesNotContain("LS1 1AB", await Warehouse.PostcodesWithoutLocationAsync());
    }

    [Fact]
    public async Task LoadMonth_CodeNamedOnlyByThePrescribingFile_WarnsThatItHasNoHierarchy()
    {
        // EPD names each presentation in its rows; a code missing from the BNF code file has that name and nothing above it.
        var release = new FakeMonthRelease(Month1, [new("A81001", "0501013B0AAAAAA", 1, 1000, 100, 100_000)])
        {
            Bnf = [new BnfRecord("0501013B0AAAAAA", "Named by the prescribing file", null, null, null, null, null, null, null, null, null, null, null, null)],
        };

        var report = await Warehouse.LoadMonthAsync(release);

        var names = report.Checks.Single(c => c.Name == "bnf_names_present");
        Assert.Equal((false, 1m), (names.Passed, names.Value));
        Assert.Contains("without its presentation or chapter name", names.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertReference_BnfLevelCodeAndNameComeFromOneSourceWhateverTheOrder()
    {
        // The BNF code file marks an appliance's chemical level a placeholder (code derived, no name); EPD names that level
        // with its own code. Either order of loading gives EPD's code with EPD's name, never the derived code with it.
        static BnfRecord FromBnfFile(string code) => new(code, "Bandage", null, null, null, null, null, null, null, null, "2003", "Dressings", "20", "Dressings chapter");
        static BnfRecord FromEpd(string code) => new(code, "Bandage", null, null, "2003", "Dressings", null, null, null, null, null, null, null, null);
        await Warehouse.UpsertReferenceAsync(new ReferenceData([], [FromBnfFile("20031000015")], []));
        await Warehouse.UpsertReferenceAsync(new ReferenceData([], [FromEpd("20031000015")], []));
        await Warehouse.UpsertReferenceAsync(new ReferenceData([], [FromEpd("20031000016")], []));
        await Warehouse.UpsertReferenceAsync(new ReferenceData([], [FromBnfFile("20031000016")], []));

        var rows = await RowsAsync("SELECT bnf_code, chemical_code, chemical, section_code, section FROM bnf WHERE bnf_code LIKE '2003100001%' ORDER BY bnf_code");

        Assert.Equal([["20031000015", "2003", "Dressings", "2003", "Dressings"], ["20031000016", "2003", "Dressings", "2003", "Dressings"]], rows);
    }

    [Fact]
    public async Task UpsertReference_RegionCodeAndNameStayAPair()
    {
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1, [new("A81001", "0407020A0BBAAAA", 1, 1000, 100, 100_000)]));
        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [new PracticeRecord("A81001", "One", null, null, "Y54", "NORTH OF ENGLAND", "Q47", "LANCASHIRE AREA")], [], []));

        // Same region code without a name: the name is kept. A new ICB code without a name: the old ICB's name goes.
        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [new PracticeRecord("A81001", null, null, null, "Y54", null, "QE1", null), new PracticeRecord("A81002", null, null, null, "Y62")], [], []));
        var first = await RowsAsync("SELECT region_code, region_name, icb_code, icb_name FROM practices WHERE practice_code = 'A81001'");
        Assert.Equal(["Y54", "NORTH OF ENGLAND", "QE1", null], first.Single());

        // Within one batch too: a later record's new code never takes an earlier record's name.
        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [new PracticeRecord("A81003", null, null, null, "Y55", "MIDLANDS AND EAST OF ENGLAND"), new PracticeRecord("A81003", null, null, null, "W00")], [], []));
        var third = await RowsAsync("SELECT region_code, region_name FROM practices WHERE practice_code = 'A81003'");
        Assert.Equal(["W00", null], third.Single());
    }

    [Fact]
    public async Task Practices_PostcodeLookupCodesWithoutNames_NeverReplaceThePracticesOwn()
    {
        // The practice's region and ICB are ODS codes (Y63, QWO); an ONS Postcode Directory gives its postcode ONS codes
        // (E12000003, E54000054) without names. One column must not mix the two systems, nor lose the practice's names.
        await Warehouse.LoadMonthAsync(new FakeMonthRelease(Month1,
            [new("A81001", "0407020A0BBAAAA", 1, 1000, 100, 100_000), new("A81002", "0407020A0BBAAAA", 1, 1000, 100, 100_000)]));
        await Warehouse.UpsertReferenceAsync(new ReferenceData(
            [
                new PracticeRecord("A81001", "One", null, "LS1 1AB", "Y63", "NORTH EAST AND YORKSHIRE", "QWO", "WEST YORKSHIRE ICB"),
                new PracticeRecord("A81002", "Two", null, "LS2 2AB"),
            ],
            [],
            [
                new PostcodeLocation("LS1 1AB", 53.8, -1.55, null, "E12000003", null, IcbCode: "E54000054"),
                new PostcodeLocation("LS2 2AB", 53.8, -1.56, null, "E12000003", "Yorkshire and The Humber"),
            ]));

        var rows = await RowsAsync("SELECT practice_code, region_code, region_name, icb_code, icb_name, latitude FROM practices WHERE practice_code IN ('A81001', 'A81002') ORDER BY 1");

        Assert.Equal(["A81001", "Y63", "NORTH EAST AND YORKSHIRE", "QWO", "WEST YORKSHIRE ICB", 53.8], rows[0]);
        Assert.Equal(["A81002", "E12000003", "Yorkshire and The Humber", null, null, 53.8], rows[1]);
    }

    [Fact]
    public async Task PostcodesWithoutLocation_ListsPracticePostcodesNotGeocoded()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        await Warehouse.UpsertReferenceAsync(new ReferenceData([new PracticeRecord("-", "UNIDENTIFIED DOCTORS", "-", "-"), new PracticeRecord("B82998", null, null, "AB1 2CD")], [], []));

        var missing = await Warehouse.PostcodesWithoutLocationAsync();

        var expected = FakeMonths.Ungeocoded.Select(c => FakeMonths.NormalisedPostcode(c)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, missing);
    }

    [Fact]
    public async Task QueryAsync_AnythingButASingleSelect_IsRefusedAndChangesNothing()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        var before = await WarehouseDump.TakeAsync(Warehouse);

        await Assert.ThrowsAnyAsync<Exception>(() => Warehouse.QueryAsync("DELETE FROM fact_prescribing", _ => Task.CompletedTask));
        await Assert.ThrowsAnyAsync<Exception>(() => Warehouse.QueryAsync("SELECT 1; DROP TABLE dim_bnf", _ => Task.CompletedTask));

        WarehouseDump.AssertEqual(before, await WarehouseDump.TakeAsync(Warehouse));
    }

    private sealed class SynchronousProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }

    [Fact]
    public async Task LoadMonth_FactIsStoredInBnfKeyOrderAndKeysFollowCodeOrder()
    {
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));
        await Warehouse.UpsertReferenceAsync(new Core.ReferenceData([], [new("0205051R0AAAAAB", "Inserted between", null, null, null, null, null, null, null, null, null, null, null, null)], []));
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month2, seed: 2));

        var keys = await RowsAsync("SELECT bnf_code, bnf_key FROM dim_bnf ORDER BY bnf_code");
        var storedOrder = await RowsAsync(StoredOrderSql(Month2.Key));

        var keyValues = keys.Select(k => Long(k[1])).ToList();
        Assert.Equal(keyValues.Order(), keyValues);
        var inserted = keys.FindIndex(k => (string)k[0]! == "0205051R0AAAAAB");
        Assert.Equal((Long(keys[inserted - 1][1]) + Long(keys[inserted + 1][1])) / 2, Long(keys[inserted][1]));
        var stored = storedOrder.Select(r => Long(r[0])).ToList();
        Assert.Equal(stored.Order(), stored);
    }

    [Fact]
    public async Task LoadMonth_Rollups_EqualAnSqlAggregationOfTheStoredFact()
    {
        await LoadSampleAsync();
        // Reload month 1 so its rollups are replaced, never added to.
        await Warehouse.LoadMonthAsync(FakeMonths.Release(Month1, seed: 1));

        var stored = await RowsAsync("""
            SELECT month_key, level_length, bnf_prefix, practice_key, items, quantity_milli, nic_pence, actual_cost_e5
            FROM rollup_bnf_practice_month ORDER BY month_key, level_length, bnf_prefix, practice_key
            """);
        var aggregated = await RowsAsync("""
            SELECT f.month_key, l.len, SUBSTRING(b.bnf_code, 1, l.len), f.practice_key,
                   SUM(f.items), SUM(f.quantity_milli), SUM(f.nic_pence), SUM(f.actual_cost_e5)
            FROM fact_prescribing f JOIN dim_bnf b ON b.bnf_key = f.bnf_key CROSS JOIN (VALUES (2), (4), (6)) AS l(len)
            GROUP BY f.month_key, l.len, SUBSTRING(b.bnf_code, 1, l.len), f.practice_key
            ORDER BY 1, 2, 3, 4
            """);
        var practiceStored = await RowsAsync("SELECT * FROM rollup_practice_month ORDER BY month_key, practice_key");
        var practiceAggregated = await RowsAsync("""
            SELECT month_key, practice_key, SUM(items), SUM(quantity_milli), SUM(nic_pence), SUM(actual_cost_e5)
            FROM fact_prescribing GROUP BY month_key, practice_key ORDER BY 1, 2
            """);

        Assert.True(stored.Count > 100, $"only {stored.Count} rollup rows");
        Assert.Equal(Normalise(aggregated), Normalise(stored));
        Assert.Equal(Normalise(practiceAggregated), Normalise(practiceStored));

        static List<string> Normalise(List<object?[]> rows) =>
            [.. rows.Select(r => string.Join("|", r.Select(v => v is string text ? text : Long(v).ToString(System.Globalization.CultureInfo.InvariantCulture))))];
    }
}
