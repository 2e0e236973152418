using System.Globalization;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.TestSupport.Fakes;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>Upstream faults end in a clear error naming the file or source — never a half-written lake file, a changed
/// warehouse or a month silently skipped — and the next run, once the upstream recovers, finishes the month.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class RunUpstreamFaultTests : FakeUpstreamRunTestBase
{
    [Fact]
    public async Task Run_PrescribingFileKeepsFailing_FailsNamingTheFileAndChangesNothing()
    {
        Upstream.PrescribingZip.FailFirst = (int.MaxValue, 500);

        var run = await RunMonthAsync();

        Assert.Equal(1, run.Exit);
        Assert.Contains("Failed", run.Out);
        Assert.Contains(Upstream.PrescribingZipName, run.Out);
        Assert.Contains("answered 500", run.Out);
        Assert.Contains("gave up after 4 attempt(s)", run.Out); // RXATLAS_Download__MaxRetries = 3
        Assert.DoesNotContain("Signature=", run.Out + run.Err); // the signed URL's secret stays out of logs and run history
        Assert.True(Upstream.PrescribingZip.GetCount > 1, "the download should have been retried");
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
        var corrected = Upstream.RepublishWithoutLastRow(Folder("republished"));
        Upstream.PrescribingZip.FailFirst = (int.MaxValue, 500);

        var failed = await RunMonthAsync();

        Assert.Equal(1, failed.Exit);
        Assert.Contains($"epd/2021-03/", failed.Out);
        Assert.Contains("answered 500", failed.Out);
        Assert.Equal(original, Assert.Single(Lake.Entries(SourceKind.Epd))); // the old file and manifest stay, untouched
        Assert.Equal(originalBytes, await File.ReadAllBytesAsync(Lake.PathFor(original)));
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(Lake.PathFor(original))!), f => !Path.GetFileName(f).StartsWith('.'));
        Assert.Equal(loaded, await QueryCsvAsync("SELECT count(*), sum(items), sum(nic), sum(actual_cost) FROM prescribing"));

        Upstream.PrescribingZip.FailFirst = (0, 0);
        var recovered = await RunMonthAsync();

        Assert.True(recovered.Exit == 0, recovered.Out + recovered.Err);
        var replaced = Assert.Single(Lake.Entries(SourceKind.Epd));
        Assert.Equal(Upstream.Sha256Of(Upstream.PrescribingZip), replaced.Sha256);
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
        Upstream.Server.Map($"{Ckan.PackageShow}?id={GeneratedUpstream.EpdSnomedDataset}", ctx =>
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
    public async Task Sources_CatalogListingFails_ShowsTheLakeButExitsOne()
    {
        var healthy = await CliRunner.RunAsync("sources", "--source", "epd", "--month", Month.ToString());
        Upstream.Server.Map($"{Ckan.PackageShow}?id={GeneratedUpstream.EpdSnomedDataset}", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });

        var failing = await CliRunner.RunAsync("sources", "--source", "epd", "--month", Month.ToString());

        Assert.True(healthy.Exit == 0, healthy.Out + healthy.Err);
        Assert.Equal(1, failing.Exit);
        Assert.Contains("epd: listing failed", failing.Out);
    }

    [Fact]
    public async Task Run_AfterGeocodingFailedOnceTheMonthWasLoaded_RunAgainFinishesTheMonth()
    {
        var down = true;
        Upstream.Server.Map(GeneratedUpstream.PostcodesPath, ctx => down
            ? Task.FromResult(ctx.Response.StatusCode = 503)
            : Upstream.AnswerBulkAsync(ctx));
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
        Assert.Equal(Upstream.Located.Count.ToString(CultureInfo.InvariantCulture), located[0][0]);
    }

    [Fact]
    public async Task Resume_AfterGeocodingFailedOnceTheMonthWasLoaded_FinishesTheRun()
    {
        var down = true;
        Upstream.Server.Map(GeneratedUpstream.PostcodesPath, ctx => down
            ? Task.FromResult(ctx.Response.StatusCode = 503)
            : Upstream.AnswerBulkAsync(ctx));
        Assert.Equal(1, (await RunMonthAsync()).Exit);

        down = false;
        var resumed = await CliRunner.RunAsync("run", "--month", Month.ToString(), "--resume", "1", "--warehouse", Warehouse, "--geocoder", "postcodes.io");

        Assert.True(resumed.Exit == 0, resumed.Out + resumed.Err);
        Assert.Contains("geocode              Success", resumed.Out);
        Assert.Contains("Run 1: Success", resumed.Out);
    }
}
