using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class PrescribingReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private (PrescribingReader Reader, List<PrescribingRow> Rows) ReadFile(string name, string text, bool crlf = false)
    {
        var reader = PrescribingReader.Open(_files.Write(name, text, crlf));
        var rows = reader.Read().ToList();
        return (reader, rows);
    }

    [Fact]
    public void Read_PaddedPdpi_RowsTrimmedTotalsExactAndLayoutPadded()
    {
        var (reader, rows) = ReadFile("T201008PDPI BNFT.CSV", Fixtures.PdpiPadded, crlf: true);

        Assert.Equal(PrescribingLayout.PdpiPadded, reader.Layout);
        Assert.Equal(new YearMonth(2010, 8), reader.Month);
        Assert.Equal(new PrescribingRow("A86003", "0101010C0AAAAAA", 1, 50_000, 315, 293_000), rows[0]);
        Assert.Equal(new PrescribingRow("A86003", "0212000B0AAABAB", 31, 18_500_000, 8379, 7_761_000), rows[1]);
        Assert.Equal(new SourceTotals(3, 34, 18_564_000, 8_744, 8_101_000), reader.Totals);
        Assert.Same(rows[0].PracticeCode, rows[1].PracticeCode);
    }

    [Fact]
    public void Read_PaddedPdpi_PracticesAreCodesOnlyAndBnfNamesTrimmed()
    {
        var (reader, _) = ReadFile("T201008PDPI BNFT.CSV", Fixtures.PdpiPadded);

        Assert.Equal(["A86003", "A86998"], reader.Practices.Select(p => p.PracticeCode).Order());
        Assert.All(reader.Practices, p => Assert.Null(p.Name));
        Assert.Single(reader.Practices, p => p.IsUnidentified);
        var aluminium = Assert.Single(reader.Bnf, b => b.PresentationCode == "0101010C0AAAAAA");
        Assert.Equal("Aluminium Hydroxide_Tab 500mg", aluminium.Presentation);
        Assert.Contains(reader.Bnf, b => b.PresentationCode == "21220000023");
    }

    [Fact]
    public void Read_CleanPdpiWithAnyName_DecimalQuantityAndLayoutClean()
    {
        var (reader, rows) = ReadFile("prescribing-2019-11.csv", Fixtures.PdpiClean);

        Assert.Equal(PrescribingLayout.PdpiClean, reader.Layout);
        Assert.Equal(1_500_500, rows[0].QuantityMilli);
        Assert.Equal(new SourceTotals(2, 4, 1_550_500, 1_842, 1_716_000), reader.Totals);
        Assert.Equal(new YearMonth(2019, 11), reader.Month);
    }

    [Fact]
    public void Read_EpdRetired_RawGrainTotalQuantityAndEmptyMeasuresZero()
    {
        var (reader, rows) = ReadFile("EPD_201401.csv", Fixtures.EpdRetired, crlf: true);

        Assert.Equal(PrescribingLayout.EpdRetired, reader.Layout);
        Assert.Equal(3, rows.Count); // two pack sizes are not summed here
        Assert.Equal(new PrescribingRow("P81001", "0101010C0AAAAAA", 2, 28_000, 315, 293_521), rows[0]);
        Assert.Equal(new PrescribingRow("-", "0212000B0AAABAB", 1, 0, 0, 0), rows[2]);
        Assert.Equal(new SourceTotals(3, 4, 56_000, 625, 581_526), reader.Totals);
    }

    [Fact]
    public void Read_EpdRetired_PracticeRecordFromRowsWithLatin1NameAndHierarchy()
    {
        var (reader, _) = ReadFile("EPD_201401.csv", Fixtures.EpdRetired);

        var practice = Assert.Single(reader.Practices, p => p.PracticeCode == "P81001");
        Assert.Equal(new PracticeRecord("P81001", "CAFÉ SURGERY", "73 ST GREGORY ROAD, PRESTON, LANCS", "PR1 6YA",
            "Y54", "NORTH OF ENGLAND", "Q47", "LANCASHIRE AREA", "01E00", "NHS PRESTON CCG"), practice);
        var unidentified = Assert.Single(reader.Practices, p => p.IsUnidentified);
        Assert.Equal("UNIDENTIFIED DOCTORS", unidentified.Name);
        Assert.Null(unidentified.Address);
        Assert.Null(unidentified.RegionCode);
    }

    [Fact]
    public void Read_EpdRetired_ChemicalCodeFromBnfChemicalSubstance()
    {
        var (reader, _) = ReadFile("EPD_201401.csv", Fixtures.EpdRetired);

        var bnf = Assert.Single(reader.Bnf, b => b.PresentationCode == "0101010C0AAAAAA");
        Assert.Equal(("0101010C0", "Aluminium hydroxide", "Aluminium Hydroxide_Tab 500mg"), (bnf.ChemicalCode, bnf.Chemical, bnf.Presentation));
        Assert.Null(bnf.ChapterCode);
    }

    [Fact]
    public void Read_EpdSnomed_StpColumnsBecomeIcbAndQuotedCommaKept()
    {
        var (reader, rows) = ReadFile("EPD_SNOMED_202101.csv", Fixtures.EpdSnomed);

        Assert.Equal(PrescribingLayout.EpdSnomed, reader.Layout);
        Assert.Equal(84_000, Assert.Single(rows).QuantityMilli);
        var practice = Assert.Single(reader.Practices);
        Assert.Equal(("E54000048", "HEALTHIER LANCASHIRE, SOUTH CUMBRIA"), (practice.IcbCode, practice.IcbName));
    }

    [Fact]
    public void Read_EpdSnomed2025_ChemicalTrapCodeAndNameTakenFromTheRenamedColumns()
    {
        var (reader, rows) = ReadFile("EPD_SNOMED_202503.csv", Fixtures.EpdSnomed2025);

        Assert.Equal(PrescribingLayout.EpdSnomed2025, reader.Layout);
        Assert.Equal(new YearMonth(2025, 3), reader.Month);
        var atorvastatin = Assert.Single(reader.Bnf, b => b.PresentationCode == "0212000B0AAABAB");
        Assert.Equal("0212000B0", atorvastatin.ChemicalCode);
        Assert.Equal("Atorvastatin", atorvastatin.Chemical);
        Assert.Equal("Atorvastatin 20mg tablets", atorvastatin.Presentation);
        Assert.Equal("36J998", rows[1].PracticeCode);
        Assert.Equal(new SourceTotals(2, 6, 114_000, 516, 478_349), reader.Totals);
    }

    [Fact]
    public void Read_GzAndZipWrappers_SameRowsAsPlainFile()
    {
        var plain = PrescribingReader.Open(_files.Write("EPD_201401.csv", Fixtures.EpdRetired)).Read().ToList();
        var gz = PrescribingReader.Open(_files.WriteGz("EPD_201401.csv.gz", Fixtures.EpdRetired)).Read().ToList();
        var zip = PrescribingReader.Open(_files.WriteZip("EPD_201401.zip", ("EPD_201401.csv", Fixtures.EpdRetired))).Read().ToList();

        Assert.Equal(plain, gz);
        Assert.Equal(plain, zip);
    }

    [Fact]
    public void Read_Utf8Bom_IsStrippedFromTheHeader()
    {
        var reader = PrescribingReader.Open(_files.Write("x.csv", Fixtures.EpdRetired, bom: true));
        Assert.Equal(3, reader.Read().Count());
    }

    [Fact]
    public void Totals_BeforeReading_Throws()
    {
        var reader = PrescribingReader.Open(_files.Write("EPD_201401.csv", Fixtures.EpdRetired));
        Assert.Throws<InvalidOperationException>(() => reader.Totals);
    }

    [Fact]
    public void Read_ExpectedMonthDiffersFromRows_Throws()
    {
        var reader = new PrescribingReader(SourceFile.Open(_files.Write("EPD_201401.csv", Fixtures.EpdRetired)), new YearMonth(2014, 2));
        var e = Assert.Throws<DataFormatException>(() => reader.Read().ToList());
        Assert.Equal(("YEAR_MONTH", 2L), (e.Field, e.Line));
    }
}
