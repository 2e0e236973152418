using RxAtlas.Acquisition.Tests.Fakes;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Tests;

public sealed class DownloaderTests : IAsyncLifetime
{
    private FakeUpstream _server = null!;
    private readonly TempFolder _temp = new();
    private readonly HttpClient _http = SourceCatalog.CreateHttpClient();

    public async Task InitializeAsync() => _server = await FakeUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private Downloader NewDownloader(DownloadOptions? options = null) => new(_http, options ?? TestData.FastRetries());

    [Fact]
    public async Task Download_ServerAnswers500Twice_RetriesAndCompletes()
    {
        var content = TestData.Csv(200);
        var file = _server.MapFile("/files/a.csv", content);
        file.FailFirst = (2, 500);

        var result = await NewDownloader().DownloadAsync(_server.Url("files/a.csv"), _temp.File(".a.csv.part"), null, CancellationToken.None);

        Assert.Equal(3, file.GetCount);
        Assert.Equal(TestData.Sha256(content), result.Sha256);
        Assert.Equal(content, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task DownloadIfChanged_SameETag_NullAndNothingWritten_ElseTheWholeFileWithItsValidators()
    {
        var content = TestData.Csv(200);
        var modified = new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var file = _server.MapFile("/files/v.csv", content, modified);
        file.ETag = "W/\"abc\"";
        var part = _temp.File(".v.csv.part");
        Task<Uri> Url(CancellationToken _) => Task.FromResult(_server.Url("files/v.csv"));

        var same = await NewDownloader().DownloadIfChangedAsync(Url, part, new RemoteValidators("W/\"abc\"", null), null, CancellationToken.None);
        file.ETag = "\"def\"";
        var other = await NewDownloader().DownloadIfChangedAsync(Url, part, new RemoteValidators("W/\"abc\"", modified), null, CancellationToken.None);

        Assert.Null(same);
        Assert.Equal(1, file.NotModifiedCount);
        Assert.NotNull(other);
        Assert.Equal(content, await File.ReadAllBytesAsync(other.Path));
        Assert.Equal(("\"def\"", modified), (other.ETag, other.LastModified));
    }

    [Fact]
    public async Task Download_ConnectionDroppedHalfway_ResumesWithRangeAndMatchesSource()
    {
        var content = TestData.Csv(2000);
        var half = content.Length / 2;
        var file = _server.MapFile("/files/big.csv", content, new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        file.DropFirst = (1, half);

        var result = await NewDownloader().DownloadAsync(_server.Url("files/big.csv"), _temp.File(".big.csv.part"), null, CancellationToken.None);

        var requests = _server.RequestsTo("/files/big.csv");
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        var resumedAt = long.Parse(requests[1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, half); // what reached the disk before the reset
        Assert.Equal(TestData.Sha256(content), result.Sha256);
        Assert.Equal(content.Length, result.Size);
    }

    [Fact]
    public async Task Download_PartFileLeftByEarlierRun_ResumesFromItsLength()
    {
        var content = TestData.Csv(500);
        _server.MapFile("/files/c.csv", content, new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var part = _temp.File(".c.csv.part");
        await File.WriteAllBytesAsync(part, content[..1000]);
        await File.WriteAllTextAsync(part + ".json", $$"""{"ETag":null,"LastModified":"2024-03-01T10:00:00+00:00","Total":{{content.Length}}}""");

        var result = await NewDownloader().DownloadAsync(_server.Url("files/c.csv"), part, null, CancellationToken.None);

        Assert.Equal("bytes=1000-", Assert.Single(_server.RequestsTo("/files/c.csv")).Range);
        Assert.Equal(TestData.Sha256(content), result.Sha256);
    }

    [Fact]
    public async Task Download_PartFileAlreadyComplete_RangeNotSatisfiableAcceptedAsDone()
    {
        var content = TestData.Csv(100);
        _server.MapFile("/files/done.csv", content);
        var part = _temp.File(".done.csv.part");
        await File.WriteAllBytesAsync(part, content);

        var result = await NewDownloader().DownloadAsync(_server.Url("files/done.csv"), part, null, CancellationToken.None);

        Assert.Equal(TestData.Sha256(content), result.Sha256);
        Assert.Single(_server.RequestsTo("/files/done.csv"));
    }

    [Fact]
    public async Task Download_Cancelled_KeepsThePartFileForLater()
    {
        var content = TestData.Csv(100);
        var file = _server.MapFile("/files/cancel.csv", content, new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        file.StallFirst = 1;
        var part = _temp.File(".cancel.csv.part");
        await File.WriteAllBytesAsync(part, content[..10]);
        await File.WriteAllTextAsync(part + ".json", """{"ETag":"\"v1\"","LastModified":null,"Total":null}""");
        using var cancel = new CancellationTokenSource();
        var download = NewDownloader().DownloadAsync(_server.Url("files/cancel.csv"), part, null, cancel.Token);
        while (file.GetCount == 0) await Task.Delay(10);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
        Assert.Equal(10, new FileInfo(part).Length);
        Assert.Equal(1, file.GetCount);
    }

    [Fact]
    public async Task Download_ServerIgnoresRange_StartsAgainFromZero()
    {
        var content = TestData.Csv(300);
        var file = _server.MapFile("/files/d.csv", content);
        file.IgnoreRange = true;
        var part = _temp.File(".d.csv.part");
        await File.WriteAllBytesAsync(part, "garbage that is not the file"u8.ToArray());

        var result = await NewDownloader().DownloadAsync(_server.Url("files/d.csv"), part, null, CancellationToken.None);

        Assert.Equal(content, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task Download_FirstResponseStalls_TimesOutThenRetries()
    {
        var content = TestData.Csv(100);
        var file = _server.MapFile("/files/slow.csv", content);
        file.StallFirst = 1;
        var options = TestData.FastRetries();
        options.ResponseTimeout = TimeSpan.FromSeconds(1);

        var result = await NewDownloader(options).DownloadAsync(_server.Url("files/slow.csv"), _temp.File(".slow.csv.part"), null, CancellationToken.None);

        Assert.Equal(2, file.GetCount);
        Assert.Equal(TestData.Sha256(content), result.Sha256);
    }

    [Fact]
    public async Task Download_TruncatedZip_ThrowsDataFormatExceptionAndKeepsNothing()
    {
        var zip = TestData.Zip("EPD_202401.csv", TestData.Csv(500));
        _server.MapFile("/files/EPD_202401.zip", zip[..(zip.Length / 2)]);
        var part = _temp.File(".EPD_202401.zip.part");

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            NewDownloader().DownloadAsync(_server.Url("files/EPD_202401.zip"), part, null, CancellationToken.None));

        Assert.Contains("EPD_202401.zip", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task Download_WholeZip_IsVerifiedAndFlagged()
    {
        var zip = TestData.Zip("EPD_202401.csv", TestData.Csv(50));
        _server.MapFile("/files/ok.ZIP", zip);

        var result = await NewDownloader().DownloadAsync(_server.Url("files/ok.ZIP"), _temp.File(".ok.ZIP.part"), null, CancellationToken.None);

        Assert.True(result.IsZip);
    }

    [Fact]
    public async Task Download_NotFound_FailsAtOnceWithoutRetrying()
    {
        await Assert.ThrowsAsync<UpstreamException>(() =>
            NewDownloader().DownloadAsync(_server.Url("files/missing.csv"), _temp.File(".missing.part"), null, CancellationToken.None));

        Assert.Single(_server.RequestsTo("/files/missing.csv"));
    }

    [Fact]
    public async Task Download_AlwaysFailing_GivesUpAfterConfiguredRetriesKeepingPart()
    {
        var file = _server.MapFile("/files/down.csv", TestData.Csv(10));
        file.FailFirst = (100, 503);

        await Assert.ThrowsAsync<TransientHttpException>(() =>
            NewDownloader().DownloadAsync(_server.Url("files/down.csv"), _temp.File(".down.part"), null, CancellationToken.None));

        Assert.Equal(1 + TestData.FastRetries().MaxRetries, file.GetCount);
    }

    [Fact]
    public async Task Download_ReportsProgressUpToTheTotal()
    {
        var content = TestData.Csv(1000);
        _server.MapFile("/files/p.csv", content);
        var reports = new List<DownloadProgress>();
        var progress = new SynchronousProgress(reports.Add);

        await NewDownloader().DownloadAsync(_server.Url("files/p.csv"), _temp.File(".p.csv.part"), progress, CancellationToken.None);

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(content.Length, r.TotalBytes));
        Assert.Equal(content.Length, reports[^1].BytesReceived);
        Assert.True(reports[^1].Completed);
        Assert.Equal("p.csv", reports[^1].FileName);
    }

    [Fact]
    public async Task Probe_ReturnsLengthAndLastModified()
    {
        var modified = new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);
        _server.MapFile("/files/h.csv", TestData.Csv(10), modified);

        var info = await NewDownloader().ProbeAsync(_server.Url("files/h.csv"), CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal(modified, info.LastModified);
        Assert.Equal(TestData.Csv(10).Length, info.Length);
    }

    [Fact]
    public async Task Download_BodyEndsEarlyWithoutContentLength_FailsAgainstTheExpectedLength()
    {
        var content = TestData.Csv(3000);
        var file = _server.MapFile("/files/short.csv", content);
        file.OmitLength = true;
        file.TruncateFirst = (100, 30000);
        var part = _temp.File(".short.csv.part");

        var error = await Assert.ThrowsAsync<IOException>(() =>
            NewDownloader().DownloadAsync(_server.Url("files/short.csv"), part, null, CancellationToken.None, expectedLength: content.Length));

        Assert.Contains("files/short.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ended at byte 30,000 of {content.Length:N0} expected", error.Message, StringComparison.Ordinal);
        // The first attempt got further than any before it; the others (started again: no validator) got nowhere new.
        Assert.Equal(2 + TestData.FastRetries().MaxRetries, file.GetCount);
    }

    [Fact]
    public async Task Download_BodyLongerThanExpected_FailsAtOnceAndKeepsNothing()
    {
        var content = TestData.Csv(300);
        var file = _server.MapFile("/files/long.csv", content);
        file.OmitLength = true;
        var part = _temp.File(".long.csv.part");

        var error = await Assert.ThrowsAsync<UpstreamException>(() =>
            NewDownloader().DownloadAsync(_server.Url("files/long.csv"), part, null, CancellationToken.None, expectedLength: content.Length - 10));

        Assert.Contains($"more than the {content.Length - 10:N0} expected", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, file.GetCount);
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task Download_ServerAnnouncesAnotherLengthThanListed_TheServersLengthGoverns()
    {
        var content = TestData.Csv(300);
        _server.MapFile("/files/other.csv", content);

        var downloaded = await NewDownloader().DownloadAsync(_server.Url("files/other.csv"), _temp.File(".other.csv.part"), null, CancellationToken.None, expectedLength: 100907);

        Assert.Equal(content.Length, downloaded.Size); // a stale listed size does not fail a complete download
    }

    [Fact]
    public async Task Download_PartWithoutValidatorAndFileRevised_StartsAgainInsteadOfSplicing()
    {
        var original = TestData.Csv(3000, seed: 1);
        var revised = original.ToArray();
        "REVISED"u8.CopyTo(revised.AsSpan(10_000)); // same length, other bytes before and after the break
        var file = _server.MapFile("/files/nov.csv", original); // no ETag, no Last-Modified
        file.DropFirst = (1, 30000);
        var part = _temp.File(".nov.csv.part");
        var impatient = TestData.FastRetries();
        impatient.MaxRetries = 0;
        await Assert.ThrowsAnyAsync<Exception>(() => NewDownloader(impatient).DownloadAsync(_server.Url("files/nov.csv"), part, null, CancellationToken.None));
        Assert.InRange(new FileInfo(part).Length, 1, 30000);
        file.Content = revised;

        var result = await NewDownloader().DownloadAsync(_server.Url("files/nov.csv"), part, null, CancellationToken.None);

        Assert.Null(_server.RequestsTo("/files/nov.csv")[^1].Range);
        Assert.Equal(TestData.Sha256(revised), result.Sha256);
        Assert.Equal(revised, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task Download_ListingChangedSincePartStarted_StartsAgain()
    {
        var modified = new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var content = TestData.Csv(3000);
        var file = _server.MapFile("/files/l.csv", content, modified);
        file.DropFirst = (1, 30000);
        var part = _temp.File(".l.csv.part");
        var impatient = TestData.FastRetries();
        impatient.MaxRetries = 0;
        var before = new ListedVersion(modified, "r1", content.Length);
        await Assert.ThrowsAnyAsync<Exception>(() => NewDownloader(impatient).DownloadAsync(_server.Url("files/l.csv"), part, null, CancellationToken.None, listed: before));
        Assert.Contains("\"Listed\"", await File.ReadAllTextAsync(part + ".json"), StringComparison.Ordinal);

        var result = await NewDownloader().DownloadAsync(_server.Url("files/l.csv"), part, null, CancellationToken.None, listed: before with { UpstreamId = "r2" });

        Assert.Null(_server.RequestsTo("/files/l.csv")[^1].Range);
        Assert.Equal(TestData.Sha256(content), result.Sha256);
    }

    [Fact]
    public async Task Download_HtmlContentType_RefusedNamingTheUrlAndPartUntouched()
    {
        var file = _server.MapFile("/files/h.csv", "<p>Service unavailable</p>"u8.ToArray());
        file.ContentType = "text/html; charset=utf-8";
        var part = _temp.File(".h.csv.part");

        var error = await Assert.ThrowsAsync<UpstreamException>(() => NewDownloader().DownloadAsync(_server.Url("files/h.csv"), part, null, CancellationToken.None));

        Assert.Contains("files/h.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTML page (Content-Type text/html)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, file.GetCount);
        Assert.False(File.Exists(part));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Error</body></html>")]
    [InlineData("\uFEFF\r\n  <HTML><body>Error</body></HTML>")]
    public async Task Download_BodyIsAnHtmlPage_RefusedWhateverTheContentType(string page)
    {
        _server.MapFile("/files/p.zip", System.Text.Encoding.UTF8.GetBytes(page));
        var part = _temp.File(".p.zip.part");

        var error = await Assert.ThrowsAsync<UpstreamException>(() => NewDownloader().DownloadAsync(_server.Url("files/p.zip"), part, null, CancellationToken.None));

        Assert.Contains("files/p.zip", error.Message, StringComparison.Ordinal);
        Assert.Contains("is an HTML page", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task Download_EveryAttemptDropsAfter15KB_AttemptsThatProgressDoNotUseUpTheRetries()
    {
        var content = TestData.Csv(2600); // about 100 KB
        Assert.InRange(content.Length, 95_000, 110_000);
        var file = _server.MapFile("/files/drip.csv", content, new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        file.DropFirst = (1000, 15_000);

        var result = await NewDownloader().DownloadAsync(_server.Url("files/drip.csv"), _temp.File(".drip.csv.part"), null, CancellationToken.None);

        Assert.True(file.GetCount > 1 + TestData.FastRetries().MaxRetries);
        Assert.Equal(content, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task Download_ServerTricklesForever_FailsAfterMaxResumes()
    {
        var content = TestData.Csv(2600);
        var file = _server.MapFile("/files/trickle.csv", content, new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero));
        file.DropFirst = (1000, 1000);
        var options = TestData.FastRetries();
        options.MaxResumes = 3;
        var part = _temp.File(".trickle.csv.part");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => NewDownloader(options).DownloadAsync(_server.Url("files/trickle.csv"), part, null, CancellationToken.None));

        Assert.True(RetryPolicy.IsTransient(error, CancellationToken.None), error.ToString());
        Assert.Equal(1 + options.MaxRetries + options.MaxResumes, file.GetCount);
        Assert.Equal(file.GetCount, RetryPolicy.AttemptsOf(error));
        Assert.True(File.Exists(part)); // kept for the next run to resume
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Download_503WithRetryAfter_WaitsAsAsked(bool asDate)
    {
        var content = TestData.Csv(10);
        var file = _server.MapFile("/files/busy.csv", content);
        file.FailFirst = (1, 503);
        file.RetryAfter = asDate ? DateTimeOffset.UtcNow.AddSeconds(3).ToString("R") : "2";
        var options = TestData.FastRetries();
        options.MaxRetryDelay = TimeSpan.FromSeconds(10);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await NewDownloader(options).DownloadAsync(_server.Url("files/busy.csv"), _temp.File(".busy.csv.part"), null, CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(9));
        Assert.Equal(2, file.GetCount);
        Assert.Equal(content, await File.ReadAllBytesAsync(result.Path));
    }

    [Fact]
    public async Task Download_RetryAfterLongerThanMaxRetryDelay_FailsSayingWhatWasAsked()
    {
        var file = _server.MapFile("/files/later.csv", TestData.Csv(10));
        file.FailFirst = (100, 503);
        file.RetryAfter = "7";

        var error = await Assert.ThrowsAsync<UpstreamException>(() =>
            NewDownloader().DownloadAsync(_server.Url("files/later.csv"), _temp.File(".later.csv.part"), null, CancellationToken.None));

        Assert.Contains("files/later.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("asked to be retried after 7 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetryDelay", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, file.GetCount);
    }

    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
