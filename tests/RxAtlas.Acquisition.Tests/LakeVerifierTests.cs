using RxAtlas.Acquisition.Tests.Fakes;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Tests;

/// <summary><see cref="LakeVerifier"/>: every current lake file against its manifest, offline; and <c>fetch --verify</c>
/// replacing what it finds.</summary>
public sealed class LakeVerifierTests : IAsyncLifetime
{
    private const string Retired = "english-prescribing-data-epd";
    private const string Snomed = "english-prescribing-dataset-epd-with-snomed-code";
    private static readonly IReadOnlySet<SourceKind> EpdOnly = new HashSet<SourceKind> { SourceKind.Epd };
    private static readonly YearMonth January = new(2024, 1);

    private FakeUpstream _server = null!;
    private readonly TempFolder _temp = new();
    private readonly HttpClient _http = SourceCatalog.CreateHttpClient();
    private readonly byte[] _zip = TestData.Zip("EPD_SNOMED_202401.csv", TestData.Csv(400));
    private FakeFile _download = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeUpstream.StartAsync();
        _download = _server.MapFile("/r2/EPD_SNOMED_202401.ZIP", _zip);
        _server.MapPackage(Retired);
        _server.MapPackage(Snomed, Ckan.Resource("s-2401", "EPD_SNOMED_202401", _server.Url("dl/epd_snomed_202401.csv"), lastModified: "2024-03-01T00:00:00"));
        _server.MapJson($"{Ckan.ResourceShow}?id=s-2401", Ckan.Envelope(Ckan.Resource("s-2401", "EPD_SNOMED_202401", _server.Url("dl/epd_snomed_202401.csv"),
            zipUrl: _server.Url("r2/EPD_SNOMED_202401.ZIP").AbsoluteUri)));
        using var catalog = Catalog();
        Assert.Equal(FetchStatus.New, Assert.Single((await catalog.FetchAsync(January, EpdOnly)).Files).Status);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private SourceCatalog Catalog(bool verify = false)
    {
        var options = TestData.Options(_server.BaseUrl, _temp.File("lake"));
        return new SourceCatalog(Lake.FromOptions(options), _http, options) { VerifyLake = verify };
    }

    private Lake Lake => new(_temp.File("lake"));

    private string LakeFile => Lake.PathFor(Assert.Single(Lake.Entries()));

    [Fact]
    public async Task Verify_LakeAsFetched_ChecksEveryCurrentFileAndFindsNothing()
    {
        var result = await LakeVerifier.VerifyAsync(Lake, SourceKinds.All.ToHashSet());

        Assert.Equal("EPD_SNOMED_202401.ZIP", Assert.Single(result.Checked).FileName);
        Assert.Empty(result.Mismatches);
    }

    [Fact]
    public async Task Verify_FileCutShortAfterItWasRecorded_ReportsTheFileTheExpectedAndTheFoundSize()
    {
        await File.WriteAllBytesAsync(LakeFile, _zip[..1000]);

        var mismatch = Assert.Single((await LakeVerifier.VerifyAsync(Lake, EpdOnly)).Mismatches);

        Assert.Equal(("size", $"{_zip.Length:N0} bytes", "1,000 bytes"), (mismatch.Check, mismatch.Expected, mismatch.Found));
        Assert.Equal(Path.Combine("raw", "epd", "2024-01", "EPD_SNOMED_202401.ZIP"), mismatch.Entry.RelativePath);
    }

    [Fact]
    public async Task Verify_SameSizeOtherBytes_ReportsBothChecksums()
    {
        var damaged = _zip.ToArray();
        damaged[^30] ^= 0xFF;
        await File.WriteAllBytesAsync(LakeFile, damaged);

        var mismatch = Assert.Single((await LakeVerifier.VerifyAsync(Lake, EpdOnly)).Mismatches);

        Assert.Equal(("sha256", $"SHA-256 {TestData.Sha256(_zip)}", $"SHA-256 {TestData.Sha256(damaged)}"), (mismatch.Check, mismatch.Expected, mismatch.Found));
    }

    [Fact]
    public async Task ZipCommittedShortByAnOlderVersion_ManifestAgreeing_IsReported_AndFetchVerifyReplacesIt()
    {
        // An older version committed what arrived and recorded its size and checksum: the manifest matches the short bytes.
        var entry = Assert.Single(Lake.Entries());
        var cut = _zip[..(_zip.Length * 2 / 3)];
        await File.WriteAllBytesAsync(LakeFile, cut);
        Lake.Touch(entry with { Size = cut.Length, Sha256 = TestData.Sha256(cut) });

        var found = await LakeVerifier.VerifyAsync(Lake, EpdOnly, MonthRange.Single(January));
        var outsideRange = await LakeVerifier.VerifyAsync(Lake, EpdOnly, MonthRange.Single(January.AddMonths(1)));
        using var verifying = Catalog(verify: true);
        var refetch = await verifying.FetchAsync(January, EpdOnly);

        var mismatch = Assert.Single(found.Mismatches);
        Assert.Equal(("zip", "a complete zip archive"), (mismatch.Check, mismatch.Expected));
        Assert.Contains("truncated or corrupt", mismatch.Found, StringComparison.Ordinal);
        Assert.Empty(outsideRange.Checked);
        Assert.Equal(FetchStatus.Changed, Assert.Single(refetch.Files).Status);
        Assert.Equal(2, _download.GetCount);
        Assert.Equal(_zip, await File.ReadAllBytesAsync(LakeFile));
        Assert.Empty((await LakeVerifier.VerifyAsync(Lake, EpdOnly)).Mismatches);
    }

    [Fact]
    public async Task Verify_SizeOtherThanTheListingsWhenFetched_IsANoteNotAMismatch()
    {
        var entry = Assert.Single(Lake.Entries());
        Lake.Touch(entry with { ListedSize = _zip.Length + 5000 });

        var result = await LakeVerifier.VerifyAsync(Lake, EpdOnly);

        Assert.Empty(result.Mismatches);
        Assert.Contains("but the publisher listed", Assert.Single(result.Notes), StringComparison.Ordinal);
    }
}
