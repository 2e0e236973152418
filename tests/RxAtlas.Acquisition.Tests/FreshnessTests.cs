namespace RxAtlas.Acquisition.Tests;

public sealed class FreshnessTests
{
    private static readonly DateTimeOffset March = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static UpstreamFile Upstream(DateTimeOffset? modified, long? size) =>
        new(SourceKind.Epd, "2024-01", "prescribing", "epd_202401.csv", new Uri("https://opendata.nhsbsa.net/x/epd_202401.csv"), modified, size);

    private static LakeEntry Stored(DateTimeOffset? modified, long? listedSize) =>
        new(SourceKind.Epd, "2024-01", "prescribing", "epd_202401.csv", "https://opendata.nhsbsa.net/x/epd_202401.csv", modified, listedSize ?? 999, "00", March, "r", listedSize);

    [Fact]
    public void Compare_NothingInLake_NotInLake() => Assert.Equal(Availability.NotInLake, Freshness.Compare(Upstream(March, 10), null));

    [Fact]
    public void Compare_SameDateAndListedSize_InLake() => Assert.Equal(Availability.InLake, Freshness.Compare(Upstream(March, 10), Stored(March, 10)));

    [Fact]
    public void Compare_NewerDate_UpstreamNewer() => Assert.Equal(Availability.UpstreamNewer, Freshness.Compare(Upstream(March.AddDays(1), 10), Stored(March, 10)));

    [Fact]
    public void Compare_SameDateButListedSizeChanged_UpstreamNewer() => Assert.Equal(Availability.UpstreamNewer, Freshness.Compare(Upstream(March, 11), Stored(March, 10)));

    [Fact]
    public void Compare_ListedSizeDiffersFromBytesOnDisk_StillInLake() =>
        // A listing whose size is not the byte count (the server's own Content-Length vouched for the bytes) must not make every
        // run download the file again.
        Assert.Equal(Availability.InLake, Freshness.Compare(Upstream(March, 10), Stored(March, 10) with { Size = 12345 }));

    [Fact]
    public void Compare_UpstreamGivesNoDate_OnlyAFetchCanTell() => Assert.Equal(Availability.InLakeUnverified, Freshness.Compare(Upstream(null, null), Stored(March, null)));
}
