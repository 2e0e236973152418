using System.IO.Compression;
using RxAtlas.Core;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed class CompressionTests(GeneratedData data)
{
    [Theory]
    [InlineData(SampleCompression.Gzip, "T201811PDPI BNFT.csv.gz", "T201811ADDR BNFT.csv.gz", "EPD_SNOMED_202011.csv.gz")]
    [InlineData(SampleCompression.Zip, "T201811PDPI BNFT.zip", "T201811ADDR BNFT.zip", "EPD_SNOMED_202011.zip")]
    public void Compressed_HoldsExactlyThePlainContent(SampleCompression compression, string pdpi, string addr, string epd)
    {
        var plain = data.Generate("plain", new YearMonth(2018, 11), new YearMonth(2018, 11), 1_000);
        var packed = data.Generate("packed", new YearMonth(2018, 11), new YearMonth(2018, 11), 1_000, compression: compression);
        Assert.Equal(pdpi, Path.GetFileName(packed.Months[0].PrescribingFile));
        Assert.Equal(addr, Path.GetFileName(packed.Months[0].AddressFile));
        Assert.Equal(File.ReadAllText(plain.Months[0].PrescribingFile), TestCsv.ReadText(packed.Months[0].PrescribingFile));
        Assert.Equal(File.ReadAllText(plain.Months[0].AddressFile!), TestCsv.ReadText(packed.Months[0].AddressFile!));
        Assert.Equal(plain.Months[0].Totals, packed.Months[0].Totals);
        Assert.True(new FileInfo(packed.Months[0].PrescribingFile).Length < new FileInfo(plain.Months[0].PrescribingFile).Length / 3);

        var epdMonth = data.Generate("packed-epd", new YearMonth(2020, 11), new YearMonth(2020, 11), 1_000, compression: compression).Months[0];
        Assert.Equal(epd, Path.GetFileName(epdMonth.PrescribingFile));
    }

    [Fact]
    public void Zip_HoldsOneEntryNamedAsTheCsv()
    {
        var packed = data.Generate("zip", new YearMonth(2021, 5), new YearMonth(2021, 5), 1_000, compression: SampleCompression.Zip);
        using var zip = ZipFile.OpenRead(packed.Months[0].PrescribingFile);
        Assert.Equal("EPD_SNOMED_202105.csv", Assert.Single(zip.Entries).FullName);
    }

    [Fact]
    public void Compressed_IsDeterministic()
    {
        foreach (var compression in new[] { SampleCompression.Gzip, SampleCompression.Zip })
        {
            var a = data.Generate("det-a", new YearMonth(2019, 3), new YearMonth(2019, 3), 1_000, compression: compression);
            var b = data.Generate("det-b", new YearMonth(2019, 3), new YearMonth(2019, 3), 1_000, compression: compression);
            Assert.Equal(File.ReadAllBytes(a.Months[0].PrescribingFile), File.ReadAllBytes(b.Months[0].PrescribingFile));
        }
    }
}
