using System.Globalization;
using RxAtlas.Acquisition;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary><c>rxatlas backfill</c> over a month already loaded without list sizes: it looks upstream for the month's list
/// sizes alone and, once they are published, loads them alone (the prescribing data stays as loaded).</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class BackfillLateListSizesTests : FakeUpstreamRunTestBase
{
    private Task<(int Exit, string Out, string Err)> BackfillAsync() =>
        CliRunner.RunAsync("backfill", "--from", Month.ToString(), "--to", Month.ToString(), "--warehouse", Warehouse, "--geocoder", "postcodes.io");

    [Fact]
    public async Task Backfill_LoadedMonthWhoseListSizesArePublishedLate_FetchesAndLoadsThemAlone()
    {
        Assert.Equal(0, (await RunMonthAsync()).Exit); // no list-size page for the month yet
        var loadsBefore = await QueryCsvAsync("SELECT month_key, loaded_at FROM meta.loads ORDER BY 1");
        var zipGets = Upstream.PrescribingZip.GetCount;
        var runsBefore = await QueryCsvAsync("SELECT count(*) FROM meta.dag_runs");

        var notYet = await BackfillAsync();
        var served = Upstream.PublishListSizes();
        var published = await BackfillAsync();
        var listSizeGets = served.GetCount;
        var again = await BackfillAsync();

        Assert.True(notYet.Exit == 0, notYet.Out + notYet.Err);
        Assert.Contains($"{Month}: AlreadyLoaded", notYet.Out, StringComparison.Ordinal);
        Assert.Contains("not published upstream (yet)", notYet.Out, StringComparison.Ordinal);
        Assert.Equal(runsBefore, await QueryCsvAsync("SELECT count(*) FROM meta.dag_runs WHERE trigger <> 'backfill'"));
        Assert.True(published.Exit == 0, published.Out + published.Err);
        Assert.Contains($"{Month}: Succeeded", published.Out, StringComparison.Ordinal);
        Assert.Contains($"{Month}: AlreadyLoaded", again.Out, StringComparison.Ordinal);
        Assert.Equal(listSizeGets, served.GetCount); // once loaded, not looked up again
        var listSize = Assert.Single(Lake.Entries(SourceKind.ListSize), e => e.Slot == ListSizeUpstream.Slot);
        Assert.Equal((Month.ToString(), Upstream.Sha256Of(served)), (listSize.Period, listSize.Sha256));
        var expected = Upstream.Month.ListSizes;
        var stored = await QueryCsvAsync($"SELECT count(*), sum(patients) FROM list_sizes WHERE month = DATE '{Month}-01'");
        Assert.Equal((expected.Count, expected.Sum(s => (long)s.Patients)),
            (int.Parse(stored[0][0], CultureInfo.InvariantCulture), long.Parse(stored[0][1], CultureInfo.InvariantCulture)));
        Assert.Equal(loadsBefore, await QueryCsvAsync("SELECT month_key, loaded_at FROM meta.loads ORDER BY 1")); // prescribing not reloaded
        Assert.Equal(zipGets, Upstream.PrescribingZip.GetCount);
        var runs = await QueryCsvAsync("SELECT trigger, state FROM meta.dag_runs ORDER BY run_id");
        Assert.Equal([["manual", "Success"], ["backfill", "Success"]], runs.Select(r => r.ToList()));
    }
}
