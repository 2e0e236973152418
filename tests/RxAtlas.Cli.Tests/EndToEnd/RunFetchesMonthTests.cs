using System.Globalization;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.SampleData;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary><c>rxatlas run --month</c> against a fake upstream serving a generated month: fetched into the lake with
/// checksums, loaded to the penny, geocoded, checked; run again, it skips without downloading or reloading.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class RunFetchesMonthTests : FakeUpstreamRunTestBase
{
    [Fact]
    public async Task Run_FakeUpstream_FetchesStoresLoadsAndGeocodesTheMonth()
    {
        var run = await RunMonthAsync();

        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Contains("Success", run.Out);

        // The lake: raw/<source>/<period>/<name>, each with a manifest whose SHA-256 is that of the bytes served.
        var entries = Lake.Entries();
        var epd = Assert.Single(entries, e => e.Source == SourceKind.Epd);
        Assert.Equal((Month.ToString(), "prescribing", Upstream.PrescribingZipName), (epd.Period, epd.Slot, epd.FileName));
        Assert.Equal(Upstream.Sha256Of(Upstream.PrescribingZip), epd.Sha256);
        Assert.Equal(Upstream.PrescribingZip.Content.LongLength, epd.Size);
        Assert.Equal(Upstream.PrescribingZip.Content, await File.ReadAllBytesAsync(Path.Combine(LakeRoot, "raw", "epd", "2021-03", Upstream.PrescribingZipName)));
        var bnf = Assert.Single(entries, e => e.Source == SourceKind.Bnf);
        Assert.Equal((Month.ToString(), Upstream.BnfFileName, Upstream.Sha256Of(Upstream.BnfFile)), (bnf.Period, bnf.FileName, bnf.Sha256));
        var ods = Assert.Single(entries, e => e.Source == SourceKind.Ods);
        Assert.Equal((RxAtlas.Acquisition.Lake.CurrentPeriod, "epraccur.csv", Upstream.Sha256Of(Upstream.Epraccur)), (ods.Period, ods.FileName, ods.Sha256));
        Assert.True(File.Exists(Path.Combine(LakeRoot, "raw", "ods", "current", "epraccur.csv")));
        Assert.Empty(LeftoverTemporaryFiles());

        // The warehouse: the generator's exact truth, to the penny.
        var expected = SampleManifest.Read(Upstream.Dataset.ManifestFile).Months.Single();
        var totals = await QueryCsvAsync("SELECT count(*), sum(items), sum(nic), sum(actual_cost), count(DISTINCT practice_code) FROM prescribing WHERE month = DATE '2021-03-01'");
        Assert.Equal(expected.Practices, int.Parse(totals[0][4], CultureInfo.InvariantCulture)); // no practice lost on the way
        Assert.Equal(expected.DistinctKeys, long.Parse(totals[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Totals.Items, long.Parse(totals[0][1], CultureInfo.InvariantCulture));
        Assert.Equal(FixedPoint.ToDecimal(expected.Totals.NicPence, Scale.NicDigits), decimal.Parse(totals[0][2], CultureInfo.InvariantCulture));
        Assert.Equal(FixedPoint.ToDecimal(expected.Totals.ActualCostE5, Scale.ActualCostDigits), decimal.Parse(totals[0][3], CultureInfo.InvariantCulture));

        // Practices: located from the fake postcodes.io; the unknown ones kept, without coordinates, and listed by check.
        var practices = await QueryCsvAsync("SELECT practice_code, postcode, latitude, longitude FROM practices WHERE NOT is_unidentified ORDER BY practice_code");
        Assert.NotEmpty(Upstream.Unknown);
        var located = 0;
        foreach (var row in practices)
        {
            if (row[1].Length == 0)
            {
                Assert.Equal(("", ""), (row[2], row[3])); // no postcode (as ODS has for a few): nothing to geocode
                continue;
            }
            var key = Postcode.Key(row[1])!;
            if (Upstream.Located.TryGetValue(key, out var where))
            {
                Assert.Equal(where.Latitude, double.Parse(row[2], CultureInfo.InvariantCulture), 6);
                Assert.Equal(where.Longitude, double.Parse(row[3], CultureInfo.InvariantCulture), 6);
                located++;
            }
            else
            {
                Assert.Contains(key, Upstream.Unknown);
                Assert.Equal(("", ""), (row[2], row[3]));
            }
        }
        Assert.True(located > 0, "no practice was located");
        var unplaced = practices.Where(p => p[2].Length == 0).ToList();
        Assert.Contains(unplaced, p => p[1].Length > 0 && Upstream.Unknown.Contains(Postcode.Key(p[1])!)); // kept in practices
        Assert.NotEmpty(Upstream.Server.RequestsTo(GeneratedUpstream.PostcodesPath));
        Assert.Contains(Upstream.Server.Requests, r => r.Path.StartsWith(GeneratedUpstream.TerminatedPrefix, StringComparison.Ordinal));

        var check = await CliRunner.RunAsync("check", "--warehouse", Warehouse, "--month", Month.ToString());
        Assert.True(check.Exit == 0, check.Out + check.Err);
        Assert.Contains($"{unplaced.Count} practice(s) have no location", check.Out);
        foreach (var practice in unplaced)
        {
            Assert.Contains($"  {practice[0]}  {(practice[1].Length == 0 ? "(no postcode)" : practice[1])}", check.Out);
        }
    }

    [Fact]
    public async Task Run_ListSizesPublishedAfterTheMonthWasLoaded_NextRunFetchesAndLoadsThemAlone()
    {
        var first = await RunMonthAsync(); // no list-size page for the month yet: not a failure

        Assert.True(first.Exit == 0, first.Out + first.Err);
        Assert.Equal("0", (await QueryCsvAsync("SELECT count(*) FROM list_sizes"))[0][0]);
        var loadsBefore = await QueryCsvAsync("SELECT month_key, loaded_at FROM meta.loads ORDER BY 1");
        var zipGets = Upstream.PrescribingZip.GetCount;
        var served = Upstream.PublishListSizes();

        var again = await RunMonthAsync();
        var third = await RunMonthAsync();

        Assert.True(again.Exit == 0, again.Out + again.Err);
        Assert.Matches(@"load_list_sizes\s+Success", again.Out);
        Assert.Contains("Skipped", third.Out); // the warehouse holds what the lake does now
        var listSize = Assert.Single(Lake.Entries(SourceKind.ListSize), e => e.Slot == ListSizeUpstream.Slot);
        Assert.Equal((Month.ToString(), "gp-reg-pat-prac-all.csv", Upstream.Sha256Of(served)), (listSize.Period, listSize.FileName, listSize.Sha256));
        var map = Assert.Single(Lake.Entries(SourceKind.ListSize), e => e.Slot == ListSizeUpstream.PracticeMapSlot); // the publication's map came with them
        Assert.Equal((Month.ToString(), "gp-reg-pat-prac-map.csv", Upstream.Sha256Of(Upstream.PracticeMap!)), (map.Period, map.FileName, map.Sha256));
        Assert.True(File.Exists(Path.Combine(LakeRoot, "raw", "listsize", "2021-03", "gp-reg-pat-prac-map.csv")));
        var expected = Upstream.Month.ListSizes;
        var stored = await QueryCsvAsync("SELECT count(*), sum(patients) FROM list_sizes WHERE month = DATE '2021-03-01'");
        Assert.Equal((expected.Count, expected.Sum(s => (long)s.Patients)), (int.Parse(stored[0][0], CultureInfo.InvariantCulture), long.Parse(stored[0][1], CultureInfo.InvariantCulture)));
        Assert.Equal(loadsBefore, await QueryCsvAsync("SELECT month_key, loaded_at FROM meta.loads ORDER BY 1")); // not reloaded
        Assert.Equal(zipGets, Upstream.PrescribingZip.GetCount);
    }

    [Fact]
    public async Task Run_SameMonthAgain_EndsSkippedWithoutDownloadingOrReloading()
    {
        Assert.Equal(0, (await RunMonthAsync()).Exit);
        var loadsBefore = await QueryCsvAsync("SELECT month_key, loaded_at FROM meta.loads ORDER BY 1");
        var ods = Assert.Single(Lake.Entries(SourceKind.Ods));
        var zipGets = Upstream.PrescribingZip.GetCount;
        var bnfGets = Upstream.BnfFile.GetCount;
        var geocodeCalls = Upstream.Server.RequestsTo(GeneratedUpstream.PostcodesPath).Count;

        var again = await RunMonthAsync();

        Assert.True(again.Exit == 0, again.Out + again.Err);
        Assert.Contains("Skipped", again.Out);
        Assert.Equal((1, zipGets), (zipGets, Upstream.PrescribingZip.GetCount));
        Assert.Equal((1, bnfGets), (bnfGets, Upstream.BnfFile.GetCount));
        Assert.Equal(geocodeCalls, Upstream.Server.RequestsTo(GeneratedUpstream.PostcodesPath).Count);
        Assert.Equal(loadsBefore, await QueryCsvAsync("SELECT month_key, loaded_at FROM meta.loads ORDER BY 1")); // not reloaded
        // ODS lists no publication date: it is fetched again and kept by checksum, its manifest untouched.
        Assert.Equal(ods, Assert.Single(Lake.Entries(SourceKind.Ods)));
    }
}
