using RxAtlas.Acquisition.Tests.Fakes;

namespace RxAtlas.Acquisition.Tests;

public sealed class LakeTests
{
    private static LakeEntry Entry(string period, string slot, string file, string sha = "ab") =>
        new(SourceKind.Pdpi, period, slot, file, "https://files.digital.nhs.uk/x/" + file, null, 3, sha, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Commit_PartFileInItsFolder_MovedIntoPlaceWithManifest()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        var part = lake.PartPathFor(SourceKind.Pdpi, "2019-11", "T201911PDPI BNFT.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllText(part, "abc");

        lake.Commit(part, Entry("2019-11", "prescribing", "T201911PDPI BNFT.csv"));

        Assert.False(File.Exists(part));
        Assert.Equal("abc", File.ReadAllText(Path.Combine(temp.Path, "raw", "pdpi", "2019-11", "T201911PDPI BNFT.csv")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "manifest", "pdpi", "2019-11", "T201911PDPI BNFT.csv.json")));
        Assert.Equal("T201911PDPI BNFT.csv", Assert.Single(new Lake(temp.Path).Entries()).FileName);
    }

    [Fact]
    public void Commit_FileFromAnotherFolder_Refused()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        var elsewhere = temp.File("x.part");
        File.WriteAllText(elsewhere, "abc");

        Assert.Throws<ArgumentException>(() => lake.Commit(elsewhere, Entry("2019-11", "prescribing", "T201911PDPI BNFT.csv")));
        Assert.Empty(lake.Entries());
    }

    [Fact]
    public void Commit_SameSlotUnderNewName_ReplacesTheOldFile()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        foreach (var name in new[] { "2019_03_Mar.zip", "2019_03_MarV2.zip" })
        {
            var part = lake.PartPathFor(SourceKind.Pdpi, "2019-03", name);
            Directory.CreateDirectory(Path.GetDirectoryName(part)!);
            File.WriteAllText(part, name);
            lake.Commit(part, Entry("2019-03", "monthly-zip", name));
        }

        var entry = Assert.Single(lake.Entries(SourceKind.Pdpi, "2019-03"));
        Assert.Equal("2019_03_MarV2.zip", entry.FileName);
        Assert.Equal(["2019_03_MarV2.zip"], Directory.GetFiles(lake.FolderFor(SourceKind.Pdpi, "2019-03")).Select(Path.GetFileName));
        Assert.Equal(entry, lake.Find(SourceKind.Pdpi, "2019-03", "monthly-zip"));
    }

    [Fact]
    public void Entries_FileWithoutManifestOrManifestWithoutFile_NotListed()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        Directory.CreateDirectory(lake.FolderFor(SourceKind.Epd, "2020-01"));
        File.WriteAllText(lake.PathFor(SourceKind.Epd, "2020-01", "orphan.csv"), "x");
        var part = lake.PartPathFor(SourceKind.Pdpi, "2019-11", "a.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllText(part, "abc");
        var entry = lake.Commit(part, Entry("2019-11", "prescribing", "a.csv"));
        File.Delete(lake.PathFor(entry));

        Assert.Empty(lake.Entries());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void PathFor_NamesThatLeaveTheFolder_Refused(string name)
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => new Lake(temp.Path).PathFor(SourceKind.Epd, "2020-01", name));
    }

    [Fact]
    public void BnfFor_PrefersTheMonthThenItsYearThenTheLatestEarlier()
    {
        using var temp = new TempFolder();
        var lake = new Lake(temp.Path);
        foreach (var period in new[] { "2019-12", "2025-07", "2025-08" })
        {
            var name = $"bnf_{period}.csv";
            var part = lake.PartPathFor(SourceKind.Bnf, period, name);
            Directory.CreateDirectory(Path.GetDirectoryName(part)!);
            File.WriteAllText(part, period);
            lake.Commit(part, new LakeEntry(SourceKind.Bnf, period, "bnf", name, "https://x/" + name, null, 7, "00", DateTimeOffset.UnixEpoch));
        }

        Assert.Equal("2025-08", lake.BnfFor(new RxAtlas.Core.YearMonth(2025, 8))?.Period);
        Assert.Equal("2019-12", lake.BnfFor(new RxAtlas.Core.YearMonth(2019, 3))?.Period);
        Assert.Equal("2019-12", lake.BnfFor(new RxAtlas.Core.YearMonth(2022, 5))?.Period);
        Assert.Equal("2025-08", lake.BnfFor(new RxAtlas.Core.YearMonth(2026, 1))?.Period);
        Assert.Equal("2019-12", lake.BnfFor(new RxAtlas.Core.YearMonth(2015, 1))?.Period);
    }
}
