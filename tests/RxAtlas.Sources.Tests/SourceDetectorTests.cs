using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class SourceDetectorTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("T201911PDPI BNFT.csv", SourceKind.PdpiPrescribing)]
    [InlineData("T201304PDPI+BNFT.CSV", SourceKind.PdpiPrescribing)]
    [InlineData("EPD_201401.csv", SourceKind.EpdPrescribing)]
    [InlineData("EPD_SNOMED_202503.zip", SourceKind.EpdPrescribing)]
    [InlineData("T201911ADDR BNFT.csv", SourceKind.Addresses)]
    [InlineData("T201911CHEM SUBS.csv", SourceKind.ChemicalSubstances)]
    [InlineData("20200201_1580570906919_BNF_Code_Information.csv", SourceKind.BnfCodes)]
    [InlineData("BNF_CODE_CURRENT_202508_VERSION_88_FINAL.csv", SourceKind.BnfCodes)]
    [InlineData("epraccur.csv", SourceKind.Epraccur)]
    [InlineData("postcodes-2019.json", SourceKind.PostcodesIoJson)]
    public void KindFromName_PublishedNames_Recognised(string name, SourceKind kind) =>
        Assert.Equal(kind, SourceDetector.KindFromName(name));

    [Theory]
    [InlineData("prescribing-2019-01.csv")]
    [InlineData("data.csv")]
    public void KindFromName_ArbitraryNames_Null(string name) => Assert.Null(SourceDetector.KindFromName(name));

    [Theory]
    [InlineData("T201304PDPI+BNFT.CSV", 201304)]
    [InlineData("EPD_SNOMED_202503.csv", 202503)]
    [InlineData("T201008ADDR BNFT.CSV", 201008)]
    public void MonthFromName_PublishedNames_GiveTheMonth(string name, int key) =>
        Assert.Equal(YearMonth.FromKey(key), SourceDetector.MonthFromName(name));

    [Theory]
    [InlineData(Fixtures.PdpiPadded, SourceKind.PdpiPrescribing, PrescribingLayout.PdpiPadded)]
    [InlineData(Fixtures.PdpiClean, SourceKind.PdpiPrescribing, PrescribingLayout.PdpiClean)]
    [InlineData(Fixtures.EpdRetired, SourceKind.EpdPrescribing, PrescribingLayout.EpdRetired)]
    [InlineData(Fixtures.EpdSnomed, SourceKind.EpdPrescribing, PrescribingLayout.EpdSnomed)]
    [InlineData(Fixtures.EpdSnomed2025, SourceKind.EpdPrescribing, PrescribingLayout.EpdSnomed2025)]
    [InlineData(Fixtures.AddrPadded, SourceKind.Addresses, null)]
    [InlineData(Fixtures.AddrClean, SourceKind.Addresses, null)]
    [InlineData(Fixtures.BnfOld, SourceKind.BnfCodes, null)]
    [InlineData(Fixtures.BnfNew, SourceKind.BnfCodes, null)]
    [InlineData(Fixtures.Epraccur, SourceKind.Epraccur, null)]
    [InlineData("postcode,county,region,longitude,latitude\nTS5 8SB,,,-1.2,54.5\n", SourceKind.PostcodeLookup, null)]
    public void Detect_ArbitraryName_RecognisedFromHeaderOrShape(string text, SourceKind kind, PrescribingLayout? layout)
    {
        var found = SourceDetector.Detect(SourceFile.Open(_files.Write("download (3).csv", text)));
        Assert.Equal((kind, layout), (found.Kind, found.Layout));
        Assert.Null(found.NameMonth);
    }

    [Fact]
    public void Detect_PrescribingName_LayoutFromHeaderAndMonthFromName()
    {
        var found = SourceDetector.Detect(SourceFile.Open(_files.WriteZip("EPD_SNOMED_202503.zip", ("EPD_SNOMED_202503.csv", Fixtures.EpdSnomed2025))));
        Assert.Equal((SourceKind.EpdPrescribing, PrescribingLayout.EpdSnomed2025, new YearMonth(2025, 3)), (found.Kind, found.Layout, found.NameMonth));
    }

    [Fact]
    public void Detect_Unrecognised_Throws()
    {
        var path = _files.Write("other.csv", "x,y\n1,2\n");
        var e = Assert.Throws<DataFormatException>(() => SourceDetector.Detect(SourceFile.Open(path)));
        Assert.Contains("unrecognised layout", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_EmptyPrescribingFileNamedForItsMonth_IsLeftForItsMonthsLoadToRefuse()
    {
        var path = _files.Write("T201901PDPI BNFT.csv", "");

        var detected = SourceDetector.Detect(SourceFile.Open(path));

        Assert.Equal((SourceKind.PdpiPrescribing, null, new YearMonth(2019, 1)), (detected.Kind, detected.Layout, detected.NameMonth));
    }

    [Fact]
    public void Detect_EmptyFileWithArbitraryName_Throws()
    {
        var path = _files.Write("other.csv", "");
        var e = Assert.Throws<DataFormatException>(() => SourceDetector.Detect(SourceFile.Open(path)));
        Assert.Contains("empty", e.Problem, StringComparison.Ordinal);
    }
}
