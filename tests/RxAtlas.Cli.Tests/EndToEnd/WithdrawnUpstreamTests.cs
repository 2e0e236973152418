using RxAtlas.Acquisition;
using RxAtlas.TestSupport.Fakes;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>A file the publisher stops listing is said plainly to be withdrawn upstream: <c>sources</c> exits 1 and
/// <c>fetch</c> counts it in its summary; the lake keeps the file.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class WithdrawnUpstreamTests : FakeUpstreamRunTestBase
{
    [Fact]
    public async Task SourcesAndFetch_PrescribingFileNoLongerListed_SayWithdrawnUpstreamAndKeepTheFile()
    {
        var fetched = await CliRunner.RunAsync("fetch", "--source", "epd", "--month", Month.ToString());
        Assert.True(fetched.Exit == 0, fetched.Out + fetched.Err);
        var healthy = await CliRunner.RunAsync("sources", "--source", "epd", "--month", Month.ToString());
        Upstream.Server.MapPackage(GeneratedUpstream.EpdSnomedDataset);

        var sources = await CliRunner.RunAsync("sources", "--source", "epd", "--month", Month.ToString());
        var fetch = await CliRunner.RunAsync("fetch", "--source", "epd", "--month", Month.ToString());

        Assert.True(healthy.Exit == 0, healthy.Out + healthy.Err);
        Assert.DoesNotContain("withdrawn", healthy.Out, StringComparison.Ordinal);
        Assert.Equal(1, sources.Exit);
        Assert.Contains("withdrawn upstream", sources.Out, StringComparison.Ordinal);
        Assert.Contains($"withdrawn upstream: {Path.Combine("raw", "epd", Month.ToString(), Upstream.PrescribingZipName)}", sources.Out, StringComparison.Ordinal);
        Assert.Contains("no longer lists it", sources.Out, StringComparison.Ordinal);
        Assert.True(fetch.Exit == 0, fetch.Out + fetch.Err);
        Assert.Contains("0 new, 0 changed, 0 unchanged, 0 failed, 1 withdrawn upstream", fetch.Out, StringComparison.Ordinal);
        Assert.Equal(Upstream.PrescribingZipName, Assert.Single(Lake.Entries(SourceKind.Epd)).FileName);
    }
}
