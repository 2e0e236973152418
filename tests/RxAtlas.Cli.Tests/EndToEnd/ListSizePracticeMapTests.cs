using RxAtlas.Acquisition;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>The list-size publication's practice map: <c>sources</c> lists it in its own slot and <c>fetch</c> brings it into
/// <c>raw/listsize/YYYY-MM</c>; a publication without one (an older one) is said so and fetched without it.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class ListSizePracticeMapTests : FakeUpstreamRunTestBase
{
    [Fact]
    public async Task SourcesAndFetch_PublicationLinksAMap_ListedAndFetchedBesideTheListSizes()
    {
        Upstream.PublishListSizes();

        var sources = await CliRunner.RunAsync("sources", "--source", "listsize", "--month", Month.ToString());
        var fetch = await CliRunner.RunAsync("fetch", "--source", "listsize", "--month", Month.ToString());

        Assert.True(sources.Exit == 0, sources.Out + sources.Err);
        Assert.Contains("practice-map", sources.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("links no practice map", sources.Out, StringComparison.Ordinal);
        Assert.True(fetch.Exit == 0, fetch.Out + fetch.Err);
        var map = Assert.Single(Lake.Entries(SourceKind.ListSize), e => e.Slot == ListSizeUpstream.PracticeMapSlot);
        Assert.Equal(("gp-reg-pat-prac-map.csv", Upstream.Sha256Of(Upstream.PracticeMap!)), (map.FileName, map.Sha256));
        Assert.Equal(Upstream.PracticeMap!.Content, await File.ReadAllBytesAsync(Path.Combine(LakeRoot, "raw", "listsize", Month.ToString(), "gp-reg-pat-prac-map.csv")));
    }

    [Fact]
    public async Task SourcesAndFetch_PublicationWithoutAMap_SaySoAndFetchTheListSizesAlone()
    {
        Upstream.PublishListSizes(withMap: false);

        var sources = await CliRunner.RunAsync("sources", "--source", "listsize", "--month", Month.ToString());
        var fetch = await CliRunner.RunAsync("fetch", "--source", "listsize", "--month", Month.ToString());

        Assert.True(sources.Exit == 0, sources.Out + sources.Err);
        Assert.Contains($"listsize {Month}: the publication links no practice map", sources.Out, StringComparison.Ordinal);
        Assert.True(fetch.Exit == 0, fetch.Out + fetch.Err);
        Assert.Equal([ListSizeUpstream.Slot], Lake.Entries(SourceKind.ListSize).Select(e => e.Slot));
    }
}
