using System.IO.Compression;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.SampleData;
using Lake = RxAtlas.Pipeline.Prescribing.Lake;

namespace RxAtlas.Pipeline.Tests.Prescribing;

/// <summary>The pipeline reads the files the lake considers current for a source and month, never a whole folder.</summary>
public sealed class LakeCurrentFilesTests : IDisposable
{
    private static readonly YearMonth November = new(2019, 11);
    private static readonly DateTimeOffset January = new(2020, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = new(2020, 2, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March = new(2020, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _source = new();
    private readonly TempFolder _lakeFolder = new();

    private Lake Lake => new(_lakeFolder.Path);

    public void Dispose()
    {
        _source.Dispose();
        _lakeFolder.Dispose();
    }

    /// <summary>Puts <paramref name="file"/> in the lake as the fetch does: a part file committed with its manifest.</summary>
    private void Fetched(SourceKind source, string period, string slot, string file, DateTimeOffset fetchedAt)
    {
        var lake = new RxAtlas.Acquisition.Lake(_lakeFolder.Path);
        var name = Path.GetFileName(file);
        var part = lake.PartPathFor(source, period, name);
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.Copy(file, part, overwrite: true);
        lake.Commit(part, new LakeEntry(source, period, slot, name, "https://files.digital.nhs.uk/" + name, null, new FileInfo(part).Length, "0", fetchedAt));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StagePrescribing_AMonthlyZipAndTheIndividualFilesInOneFolder_ReadsOnlyTheVersionFetchedLast(bool zipLast)
    {
        var month = SampleGenerator.Generate(new GeneratorOptions(Path.Combine(_source.Path, "gen"), November, November) { RowsPerMonth = 300 }).Months[0];
        var zip = Path.Combine(_source.Path, "2019_11_Nov.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(month.PrescribingFile, Path.GetFileName(month.PrescribingFile));
            archive.CreateEntryFromFile(month.AddressFile!, Path.GetFileName(month.AddressFile!));
        }
        Fetched(SourceKind.Pdpi, "2019-11", PdpiUpstream.PrescribingSlot, month.PrescribingFile, zipLast ? January : March);
        Fetched(SourceKind.Pdpi, "2019-11", PdpiUpstream.AddressesSlot, month.AddressFile!, zipLast ? January : March);
        Fetched(SourceKind.Pdpi, "2019-11", PdpiUpstream.ZipSlot, zip, February);

        var release = new LakeStager(Lake).StagePrescribing(November);

        Assert.Equal(month.Totals.Rows, release.ReadPrescribing().LongCount()); // once, not twice, and not refused
        Assert.Equal(zipLast ? ["2019_11_Nov.zip"] : ["T201911ADDR BNFT.csv", "T201911PDPI BNFT.csv"],
            Lake.CurrentFiles(LakeSources.Pdpi, "2019-11").Select(Path.GetFileName));
    }

    [Fact]
    public void CurrentFiles_AFileWithoutAManifestBesideRecordedOnes_IsNotRead()
    {
        _source.Write("EPD_201911.csv", "fetched");
        Fetched(SourceKind.Epd, "2019-11", EpdUpstream.Slot, Path.Combine(_source.Path, "EPD_201911.csv"), January);
        _lakeFolder.Write("raw/epd/2019-11/EPD_SNOMED_201911.csv", "copied in by hand");

        Assert.Equal([Path.Combine(Lake.RawFolder(LakeSources.Epd, November), "EPD_201911.csv")], Lake.CurrentFiles(LakeSources.Epd, "2019-11"));
        Assert.Equal(Lake.RawFolder(LakeSources.Epd, November), Lake.PrescribingFolder(November));
    }

    [Fact]
    public void CurrentFiles_AFolderWithNoManifestAtAll_OneFilePerSlotByName_TheNewestByLastWrite()
    {
        _lakeFolder.Write("raw/pdpi/2019-11/T201911PDPI BNFT.csv", "x");
        _lakeFolder.Write("raw/pdpi/2019-11/T201911ADDR BNFT.csv", "x");
        _lakeFolder.Write("raw/pdpi/2019-11/.T201911CHEM SUBS.csv.part", "x");
        var older = _lakeFolder.Write("raw/epd/2019-11/EPD_201911.csv", "x");
        _lakeFolder.Write("raw/epd/2019-11/EPD_SNOMED_201911.zip", "x");
        File.SetLastWriteTimeUtc(older, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _lakeFolder.Write("raw/postcodes/current/postcode_lookup.csv", "x");
        _lakeFolder.Write("raw/postcodes/current/postcodes_io_bulk.json", "x");

        Assert.Equal(["T201911ADDR BNFT.csv", "T201911PDPI BNFT.csv"], Lake.CurrentFiles(LakeSources.Pdpi, "2019-11").Select(Path.GetFileName));
        Assert.Equal(["EPD_SNOMED_201911.zip"], Lake.CurrentFiles(LakeSources.Epd, "2019-11").Select(Path.GetFileName));
        Assert.Equal(["postcode_lookup.csv", "postcodes_io_bulk.json"], Lake.CurrentFiles(LakeSources.Postcodes, "current").Select(Path.GetFileName));
    }

    [Fact]
    public void ReferenceFiles_TwoBnfFilesOfOnePeriod_OnlyTheOneFetchedLast()
    {
        _source.Write("20191101_1572600000000_BNF_Code_Information.zip", "older");
        _source.Write("BNF_CODE_CURRENT_201911_VERSION_88.csv", "newer");
        Fetched(SourceKind.Bnf, "2019-11", BnfUpstream.Slot, Path.Combine(_source.Path, "20191101_1572600000000_BNF_Code_Information.zip"), January);
        // A second commit of the slot under another name removes the first, so put the older one back as a stray copy would.
        var stray = Path.Combine(Lake.RawFolder(LakeSources.Bnf, November), "20191101_1572600000000_BNF_Code_Information.zip");
        Fetched(SourceKind.Bnf, "2019-11", BnfUpstream.Slot, Path.Combine(_source.Path, "BNF_CODE_CURRENT_201911_VERSION_88.csv"), February);
        File.WriteAllText(stray, "older");

        Assert.Equal(["BNF_CODE_CURRENT_201911_VERSION_88.csv"], Lake.ReferenceFiles(LakeSources.Bnf, November).Select(Path.GetFileName));
    }
}
