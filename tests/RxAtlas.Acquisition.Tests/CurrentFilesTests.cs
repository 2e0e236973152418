namespace RxAtlas.Acquisition.Tests;

public sealed class CurrentFilesTests
{
    private static LakeEntry Entry(string slot, string file, int day, SourceKind source = SourceKind.Pdpi, string period = "2019-11") =>
        new(source, period, slot, file, "https://files.digital.nhs.uk/" + file, null, 3, "ab", new DateTimeOffset(2020, 1, day, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Choose_TwoFilesOfOneSlot_TheOneFetchedLast()
    {
        var chosen = CurrentFiles.Choose([Entry("prescribing", "EPD_201911.csv", 2, SourceKind.Epd), Entry("prescribing", "EPD_SNOMED_201911.zip", 5, SourceKind.Epd)]);

        Assert.Equal(["EPD_SNOMED_201911.zip"], chosen.Select(e => e.FileName));
    }

    [Fact]
    public void Choose_MonthlyZipFetchedAfterTheIndividualFiles_TheZipAlone()
    {
        var chosen = CurrentFiles.Choose(
            [Entry("prescribing", "T201911PDPI BNFT.csv", 2), Entry("addresses", "T201911ADDR BNFT.csv", 2), Entry("monthly-zip", "2019_11_Nov.zip", 3)]);

        Assert.Equal(["2019_11_Nov.zip"], chosen.Select(e => e.FileName));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)] // a tie: the individual files, as the fetch prefers them
    public void Choose_IndividualFilesFetchedAfterTheZip_TheIndividualFilesAlone(int individualDay)
    {
        var chosen = CurrentFiles.Choose(
            [Entry("monthly-zip", "2019_11_Nov.zip", 3), Entry("prescribing", "T201911PDPI BNFT.csv", individualDay), Entry("addresses", "T201911ADDR BNFT.csv", 2)]);

        Assert.Equal(["T201911ADDR BNFT.csv", "T201911PDPI BNFT.csv"], chosen.Select(e => e.FileName));
    }

    [Fact]
    public void Choose_ZipOfAnotherMonth_DoesNotDisplaceThisMonthsFiles()
    {
        var chosen = CurrentFiles.Choose([Entry("prescribing", "T201911PDPI BNFT.csv", 2), Entry("monthly-zip", "2019_12_Dec.zip", 9, period: "2019-12")]);

        Assert.Equal(["T201911PDPI BNFT.csv", "2019_12_Dec.zip"], chosen.Select(e => e.FileName));
    }

    [Fact]
    public void Current_ReadsTheLakesManifestsForOnePeriod()
    {
        using var temp = new Fakes.TempFolder();
        var lake = new Lake(temp.Path);
        foreach (var (slot, name, day) in new[] { ("prescribing", "T201911PDPI BNFT.csv", 2), ("monthly-zip", "2019_11_Nov.zip", 3) })
        {
            var part = lake.PartPathFor(SourceKind.Pdpi, "2019-11", name);
            Directory.CreateDirectory(Path.GetDirectoryName(part)!);
            File.WriteAllText(part, name);
            lake.Commit(part, Entry(slot, name, day));
        }

        Assert.Equal(["2019_11_Nov.zip"], lake.Current(SourceKind.Pdpi, "2019-11").Select(e => e.FileName));
        Assert.Empty(lake.Current(SourceKind.Pdpi, "2019-10"));
    }
}
