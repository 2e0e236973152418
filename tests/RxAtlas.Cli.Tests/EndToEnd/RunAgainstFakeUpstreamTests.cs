using System.Globalization;
using System.Text.Json;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.SampleData;
using RxAtlas.TestSupport.Fakes;
using AcquisitionLake = RxAtlas.Acquisition.Lake;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary><c>rxatlas run --month</c> with every base URL pointed at a local server serving a generated month: it fetches into
/// the lake with checksums, loads, geocodes and checks the month; resumes interrupted downloads; and ends a failing upstream
/// with a clear error, never a half-written lake file or a changed warehouse.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class RunAgainstFakeUpstreamTests : IAsyncLifetime
{
    private static readonly YearMonth Month = new(2021, 3);

    private readonly TempDir _dir = new();
    private GeneratedUpstream _upstream = null!;
    private EnvironmentScope _environment = null!;

    private string Warehouse => "duckdb:" + _dir["warehouse.duckdb"];

    private string LakeRoot => _dir["lake"];

    private AcquisitionLake Lake => new(LakeRoot);

    public async Task InitializeAsync()
    {
        _upstream = await GeneratedUpstream.StartAsync(_dir["upstream"], Month);
        _environment = new EnvironmentScope(_upstream.Environment(LakeRoot));
    }

    public async Task DisposeAsync()
    {
        _environment.Dispose();
        await _upstream.DisposeAsync();
        _dir.Dispose();
    }

    private Task<(int Exit, string Out, string Err)> RunMonthAsync() =>
        CliRunner.RunAsync("run", "--month", Month.ToString(), "--warehouse", Warehouse, "--geocoder", "postcodes.io");

    [Fact]
    public async Task Run_FakeUpstream_FetchesStoresLoadsAndGeocodesTheMonth()
    {
        var run = await RunMonthAsync();

        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Contains("Success", run.Out);

        // The lake: raw/<source>/<period>/<name>, each with a manifest whose SHA-256 is that of the bytes served.
        var entries = Lake.Entries();
        var epd = Assert.Single(entries, e => e.Source == SourceKind.Epd);
        Assert.Equal((Month.ToString(), "prescribing", _upstream.PrescribingZipName), (epd.Period, epd.Slot, epd.FileName));
        Assert.Equal(_upstream.Sha256Of(_upstream.PrescribingZip), epd.Sha256);
        Assert.Equal(_upstream.PrescribingZip.Content.LongLength, epd.Size);
        Assert.Equal(_upstream.PrescribingZip.Content, await File.ReadAllBytesAsync(Path.Combine(LakeRoot, "raw", "epd", "2021-03", _upstream.PrescribingZipName)));
        var bnf = Assert.Single(entries, e => e.Source == SourceKind.Bnf);
        Assert.Equal((Month.ToString(), _upstream.BnfFileName, _upstream.Sha256Of(_upstream.BnfFile)), (bnf.Period, bnf.FileName, bnf.Sha256));
        var ods = Assert.Single(entries, e => e.Source == SourceKind.Ods);
        Assert.Equal((AcquisitionLake.CurrentPeriod, "epraccur.csv", _upstream.Sha256Of(_upstream.Epraccur)), (ods.Period, ods.FileName, ods.Sha256));
        Assert.True(File.Exists(Path.Combine(LakeRoot, "raw", "ods", "current", "epraccur.csv")));
        Assert.Empty(LeftoverTemporaryFiles());

        // The warehouse: the generator's exact truth, to the penny.
        var expected = SampleManifest.Read(_upstream.Dataset.ManifestFile).Months.Single();
        var totals = await QueryCsvAsync("SELECT count(*), sum(items), sum(nic), sum(actual_cost) FROM prescribing WHERE month = DATE '2021-03-01'");
        Assert.Equal(expected.DistinctKeys, long.Parse(totals[0][0], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Totals.Items, long.Parse(totals[0][1], CultureInfo.InvariantCulture));
        Assert.Equal(FixedPoint.ToDecimal(expected.Totals.NicPence, Scale.NicDigits), decimal.Parse(totals[0][2], CultureInfo.InvariantCulture));
        Assert.Equal(FixedPoint.ToDecimal(expected.Totals.ActualCostE5, Scale.ActualCostDigits), decimal.Parse(totals[0][3], CultureInfo.InvariantCulture));

        // Practices: located from the fake postcodes.io; the unknown ones kept, without coordinates, and listed by check.
        var practices = await QueryCsvAsync("SELECT practice_code, postcode, latitude, longitude FROM practices WHERE NOT is_unidentified ORDER BY practice_code");
        Assert.NotEmpty(_upstream.Unknown);
        var located = 0;
        foreach (var row in practices)
        {
            if (row[1].Length == 0)
            {
                Assert.Equal(("", ""), (row[2], row[3])); // no postcode (as ODS has for a few): nothing to geocode
                continue;
            }
            var key = Postcode.Key(row[1])!;
            if (_upstream.Located.TryGetValue(key, out var where))
            {
                Assert.Equal(where.Latitude, double.Parse(row[2], CultureInfo.InvariantCulture), 6);
                Assert.Equal(where.Longitude, double.Parse(row[3], CultureInfo.InvariantCulture), 6);
                located++;
            }
            else
            {
                Assert.Contains(key, _upstream.Unknown);
                Assert.Equal(("", ""), (row[2], row[3]));
            }
        }
        Assert.True(located > 0, "no practice was located");
        var unplaced = practices.Where(p => p[2].Length == 0).ToList();
        Assert.Contains(unplaced, p => p[1].Length > 0 && _upstream.Unknown.Contains(Postcode.Key(p[1])!)); // kept in practices
        Assert.NotEmpty(_upstream.Server.RequestsTo(GeneratedUpstream.PostcodesPath));
        Assert.Contains(_upstream.Server.Requests, r => r.Path.StartsWith(GeneratedUpstream.TerminatedPrefix, StringComparison.Ordinal));

        var check = await CliRunner.RunAsync("check", "--warehouse", Warehouse, "--month", Month.ToString());
        Assert.True(check.Exit == 0, check.Out + check.Err);
        Assert.Contains($"{unplaced.Count} practice(s) have no location", check.Out);
        foreach (var practice in unplaced)
        {
            Assert.Contains($"  {practice[0]}  {(practice[1].Length == 0 ? "(no postcode)" : practice[1])}", check.Out);
        }
    }

    [Fact]
    public async Task Run_SameMonthAgain_EndsSkippedWithoutDownloadingOrReloading()
    {
        Assert.Equal(0, (await RunMonthAsync()).Exit);
        var loadsBefore = await QueryCsvAsync("SELECT count(*) FROM meta.loads");
        var zipGets = _upstream.PrescribingZip.GetCount;
        var bnfGets = _upstream.BnfFile.GetCount;
        var geocodeCalls = _upstream.Server.RequestsTo(GeneratedUpstream.PostcodesPath).Count;

        var again = await RunMonthAsync();

        Assert.True(again.Exit == 0, again.Out + again.Err);
        Assert.Contains("Skipped", again.Out);
        Assert.Equal((1, zipGets), (zipGets, _upstream.PrescribingZip.GetCount));
        Assert.Equal((1, bnfGets), (bnfGets, _upstream.BnfFile.GetCount));
        Assert.Equal(geocodeCalls, _upstream.Server.RequestsTo(GeneratedUpstream.PostcodesPath).Count);
        Assert.Equal(loadsBefore, await QueryCsvAsync("SELECT count(*) FROM meta.loads"));
    }

    [Fact]
    public async Task Run_ConnectionDroppedHalfWayThroughPrescribingFile_ResumesAndStoresTheWholeFile()
    {
        var half = _upstream.PrescribingZip.Content.Length / 2;
        _upstream.PrescribingZip.DropFirst = (1, half);

        var run = await RunMonthAsync();

        Assert.True(run.Exit == 0, run.Out + run.Err);
        var requests = _upstream.Server.RequestsTo(GeneratedUpstream.ZipPath(_upstream.PrescribingZipName)).Where(r => r.Method == "GET").ToList();
        Assert.True(requests.Count >= 2, $"expected a resumed request, saw {requests.Count}");
        Assert.Null(requests[0].Range);
        Assert.Matches(@"^bytes=[1-9]\d*-$", requests[^1].Range); // resumed from where the drop left off, not from zero
        var epd = Assert.Single(Lake.Entries(SourceKind.Epd));
        Assert.Equal(_upstream.Sha256Of(_upstream.PrescribingZip), epd.Sha256);
        Assert.Equal(_upstream.Sha256Of(_upstream.PrescribingZip), Sha256OfFile(Lake.PathFor(epd)));
        Assert.Empty(LeftoverTemporaryFiles());
        var expected = SampleManifest.Read(_upstream.Dataset.ManifestFile).Months.Single();
        Assert.Equal(expected.Totals.Items.ToString(CultureInfo.InvariantCulture), (await QueryCsvAsync("SELECT sum(items) FROM prescribing"))[0][0]);
    }

    [Fact]
    public async Task Run_InterruptedThenRunAgain_ResumesThePartialDownload()
    {
        var half = _upstream.PrescribingZip.Content.Length / 2;
        _upstream.PrescribingZip.DropFirst = (1, half);
        using (new EnvironmentScope(new Dictionary<string, string> { ["RXATLAS_Download__MaxRetries"] = "0", ["RXATLAS_Pipeline__TaskRetries"] = "0" }))
        {
            var interrupted = await RunMonthAsync();
            Assert.Equal(1, interrupted.Exit);
        }
        var part = Lake.PartPathFor(SourceKind.Epd, Month.ToString(), _upstream.PrescribingZipName);
        Assert.True(File.Exists(part), "the partial download should be kept for the next run");
        Assert.Empty(Lake.Entries(SourceKind.Epd));
        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 1, _upstream.PrescribingZip.Content.Length - 1);

        var again = await RunMonthAsync();

        Assert.True(again.Exit == 0, again.Out + again.Err);
        var last = _upstream.Server.RequestsTo(GeneratedUpstream.ZipPath(_upstream.PrescribingZipName)).Last(r => r.Method == "GET");
        Assert.Equal($"bytes={kept}-", last.Range);
        Assert.Equal(_upstream.Sha256Of(_upstream.PrescribingZip), Assert.Single(Lake.Entries(SourceKind.Epd)).Sha256);
        Assert.Empty(LeftoverTemporaryFiles());
    }

    [Fact]
    public async Task Run_PrescribingFileKeepsFailing_FailsNamingTheFileAndChangesNothing()
    {
        _upstream.PrescribingZip.FailFirst = (int.MaxValue, 500);

        var run = await RunMonthAsync();

        Assert.Equal(1, run.Exit);
        Assert.Contains("Failed", run.Out);
        Assert.Contains(_upstream.PrescribingZipName, run.Out);
        Assert.Contains("answered 500", run.Out);
        Assert.Contains("gave up after 4 attempt(s)", run.Out); // RXATLAS_Download__MaxRetries = 3
        Assert.DoesNotContain("Signature=", run.Out + run.Err); // the signed URL's secret stays out of logs and run history
        Assert.True(_upstream.PrescribingZip.GetCount > 1, "the download should have been retried");
        Assert.Empty(Lake.Entries(SourceKind.Epd));
        var epdFolder = Path.Combine(LakeRoot, "raw", "epd", Month.ToString());
        Assert.False(Directory.Exists(epdFolder) && Directory.EnumerateFiles(epdFolder).Any(f => !Path.GetFileName(f).StartsWith('.')),
            "no lake file may appear for a failed download");
        Assert.Equal("0", (await QueryCsvAsync("SELECT count(*) FROM prescribing"))[0][0]);
        Assert.Equal("0", (await QueryCsvAsync("SELECT count(*) FROM meta.loads"))[0][0]);
    }

    [Fact]
    public async Task Run_RepublishedFileKeepsFailing_KeepsTheLoadedMonthAndItsLakeFile_ThenLoadsTheCorrectionOnceItArrives()
    {
        Assert.Equal(0, (await RunMonthAsync()).Exit);
        var original = Assert.Single(Lake.Entries(SourceKind.Epd));
        var originalBytes = await File.ReadAllBytesAsync(Lake.PathFor(original));
        var loaded = await QueryCsvAsync("SELECT count(*), sum(items), sum(nic), sum(actual_cost) FROM prescribing");
        var corrected = _upstream.RepublishWithoutLastRow(_dir["republished"]);
        _upstream.PrescribingZip.FailFirst = (int.MaxValue, 500);

        var failed = await RunMonthAsync();

        Assert.Equal(1, failed.Exit);
        Assert.Contains($"epd/2021-03/", failed.Out);
        Assert.Contains("answered 500", failed.Out);
        Assert.Equal(original, Assert.Single(Lake.Entries(SourceKind.Epd))); // the old file and manifest stay, untouched
        Assert.Equal(originalBytes, await File.ReadAllBytesAsync(Lake.PathFor(original)));
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(Lake.PathFor(original))!), f => !Path.GetFileName(f).StartsWith('.'));
        Assert.Equal(loaded, await QueryCsvAsync("SELECT count(*), sum(items), sum(nic), sum(actual_cost) FROM prescribing"));

        _upstream.PrescribingZip.FailFirst = (0, 0);
        var recovered = await RunMonthAsync();

        Assert.True(recovered.Exit == 0, recovered.Out + recovered.Err);
        var replaced = Assert.Single(Lake.Entries(SourceKind.Epd));
        Assert.Equal(_upstream.Sha256Of(_upstream.PrescribingZip), replaced.Sha256);
        Assert.NotEqual(original.Sha256, replaced.Sha256);
        var totals = (await QueryCsvAsync("SELECT sum(items), sum(nic), sum(actual_cost) FROM prescribing"))[0];
        Assert.Equal(corrected.Items, long.Parse(totals[0], CultureInfo.InvariantCulture));
        Assert.Equal(FixedPoint.ToDecimal(corrected.NicPence, Scale.NicDigits), decimal.Parse(totals[1], CultureInfo.InvariantCulture));
        Assert.Equal(FixedPoint.ToDecimal(corrected.ActualCostE5, Scale.ActualCostDigits), decimal.Parse(totals[2], CultureInfo.InvariantCulture));
        Assert.NotEqual(loaded[0][1], totals[0]);
    }

    [Fact]
    public async Task Run_CatalogListingKeepsFailing_FailsNamingTheSourceInsteadOfSkippingTheMonth()
    {
        _upstream.Server.Map($"{Ckan.PackageShow}?id={GeneratedUpstream.EpdSnomedDataset}", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });

        var run = await RunMonthAsync();

        Assert.Equal(1, run.Exit);
        Assert.Contains("epd: listing failed", run.Out);
        Assert.DoesNotContain("Skipped", run.Out);
        Assert.Empty(Lake.Entries(SourceKind.Epd));
        Assert.Equal("0", (await QueryCsvAsync("SELECT count(*) FROM prescribing"))[0][0]);
    }

    [Fact]
    public async Task Run_AfterGeocodingFailedOnceTheMonthWasLoaded_RunAgainFinishesTheMonth()
    {
        var down = true;
        _upstream.Server.Map(GeneratedUpstream.PostcodesPath, ctx => down
            ? Task.FromResult(ctx.Response.StatusCode = 503)
            : _upstream.AnswerBulkAsync(ctx));
        var failed = await RunMonthAsync();
        Assert.Equal(1, failed.Exit);
        Assert.Contains("geocode              Failed", failed.Out);
        Assert.NotEqual("0", (await QueryCsvAsync("SELECT count(*) FROM prescribing"))[0][0]); // loaded before geocoding failed

        down = false;
        var again = await RunMonthAsync();

        Assert.True(again.Exit == 0, again.Out + again.Err);
        Assert.Contains("Success", again.Out);
        Assert.Contains("geocode              Success", again.Out);
        var located = await QueryCsvAsync("SELECT count(*) FROM practices WHERE latitude IS NOT NULL");
        Assert.Equal(_upstream.Located.Count.ToString(CultureInfo.InvariantCulture), located[0][0]);
    }

    [Fact]
    public async Task Resume_AfterGeocodingFailedOnceTheMonthWasLoaded_FinishesTheRun()
    {
        var down = true;
        _upstream.Server.Map(GeneratedUpstream.PostcodesPath, ctx => down
            ? Task.FromResult(ctx.Response.StatusCode = 503)
            : _upstream.AnswerBulkAsync(ctx));
        Assert.Equal(1, (await RunMonthAsync()).Exit);

        down = false;
        var resumed = await CliRunner.RunAsync("run", "--month", Month.ToString(), "--resume", "1", "--warehouse", Warehouse, "--geocoder", "postcodes.io");

        Assert.True(resumed.Exit == 0, resumed.Out + resumed.Err);
        Assert.Contains("geocode              Success", resumed.Out);
        Assert.Contains("Run 1: Success", resumed.Out);
    }

    private async Task<List<string[]>> QueryCsvAsync(string sql)
    {
        var query = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", sql);
        Assert.True(query.Exit == 0, query.Err);
        return query.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..]
            .Select(line => line.Split(',')).ToList();
    }

    private List<string> LeftoverTemporaryFiles() =>
        Directory.Exists(LakeRoot)
            ? [.. Directory.EnumerateFiles(LakeRoot, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".part", StringComparison.Ordinal) || f.EndsWith(".part.json", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal))]
            : [];

    private static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
