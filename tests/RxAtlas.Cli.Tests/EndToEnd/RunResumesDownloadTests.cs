using System.Globalization;
using RxAtlas.Acquisition;
using RxAtlas.SampleData;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>An interrupted download resumes (HTTP Range with If-Range) within the run, or in the next run from the kept part file.</summary>
[Collection(FetchEndToEndCollection.Name)]
public sealed class RunResumesDownloadTests : FakeUpstreamRunTestBase
{
    [Fact]
    public async Task Run_ConnectionDroppedHalfWayThroughPrescribingFile_ResumesAndStoresTheWholeFile()
    {
        var half = Upstream.PrescribingZip.Content.Length / 2;
        Upstream.PrescribingZip.DropFirst = (1, half);
        Upstream.PrescribingZip.ETag = "\"epd-v1\""; // a part file is resumed only with a validator (If-Range)

        var run = await RunMonthAsync();

        Assert.True(run.Exit == 0, run.Out + run.Err);
        var requests = Upstream.Server.RequestsTo(GeneratedUpstream.ZipPath(Upstream.PrescribingZipName)).Where(r => r.Method == "GET").ToList();
        Assert.True(requests.Count >= 2, $"expected a resumed request, saw {requests.Count}");
        Assert.Null(requests[0].Range);
        Assert.Matches(@"^bytes=[1-9]\d*-$", requests[^1].Range); // resumed from where the drop left off, not from zero
        var epd = Assert.Single(Lake.Entries(SourceKind.Epd));
        Assert.Equal(Upstream.Sha256Of(Upstream.PrescribingZip), epd.Sha256);
        Assert.Equal(Upstream.Sha256Of(Upstream.PrescribingZip), Sha256OfFile(Lake.PathFor(epd)));
        Assert.Empty(LeftoverTemporaryFiles());
        var expected = SampleManifest.Read(Upstream.Dataset.ManifestFile).Months.Single();
        Assert.Equal(expected.Totals.Items.ToString(CultureInfo.InvariantCulture), (await QueryCsvAsync("SELECT sum(items) FROM prescribing"))[0][0]);
    }

    [Fact]
    public async Task Run_InterruptedThenRunAgain_ResumesThePartialDownload()
    {
        var half = Upstream.PrescribingZip.Content.Length / 2;
        Upstream.PrescribingZip.DropFirst = (1, half);
        Upstream.PrescribingZip.ETag = "\"epd-v1\""; // a part file is resumed only with a validator (If-Range)
        using (new EnvironmentScope(new Dictionary<string, string> { ["RXATLAS_Download__MaxRetries"] = "0", ["RXATLAS_Pipeline__TaskRetries"] = "0" }))
        {
            var interrupted = await RunMonthAsync();
            Assert.Equal(1, interrupted.Exit);
        }
        var part = Lake.PartPathFor(SourceKind.Epd, Month.ToString(), Upstream.PrescribingZipName);
        Assert.True(File.Exists(part), "the partial download should be kept for the next run");
        Assert.Empty(Lake.Entries(SourceKind.Epd));
        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 1, Upstream.PrescribingZip.Content.Length - 1);

        var again = await RunMonthAsync();

        Assert.True(again.Exit == 0, again.Out + again.Err);
        var last = Upstream.Server.RequestsTo(GeneratedUpstream.ZipPath(Upstream.PrescribingZipName)).Last(r => r.Method == "GET");
        Assert.Equal($"bytes={kept}-", last.Range);
        Assert.Equal(Upstream.Sha256Of(Upstream.PrescribingZip), Assert.Single(Lake.Entries(SourceKind.Epd)).Sha256);
        Assert.Empty(LeftoverTemporaryFiles());
    }
}
