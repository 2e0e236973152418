using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

/// <summary>Every kind of bad prescribing input fails with a <see cref="DataFormatException"/> naming file, line and field.</summary>
public sealed class PrescribingReaderBadInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DataFormatException Fail(string name, string text)
    {
        var path = _files.Write(name, text);
        var e = Assert.Throws<DataFormatException>(() => PrescribingReader.Open(path).Read().ToList());
        Assert.Equal(path, e.File);
        return e;
    }

    [Fact]
    public void Read_WrongPdpiHeader_NamesTheWrongColumn()
    {
        var e = Fail("T201911PDPI BNFT.csv", Fixtures.PdpiClean.Replace("BNF CODE", "BNF_CODE", StringComparison.Ordinal));
        Assert.Equal((1L, "BNF CODE"), (e.Line, e.Field));
        Assert.Contains("BNF_CODE", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingPdpiHeader_Throws()
    {
        var e = Fail("T201911PDPI BNFT.csv", Fixtures.PdpiClean[(Fixtures.PdpiCleanHeader.Length + 1)..]);
        Assert.Equal((1L, "SHA"), (e.Line, e.Field));
        Assert.Contains("missing or wrong PDPI header", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnrecognisedHeaderWithArbitraryName_Throws()
    {
        var e = Fail("data.csv", "a,b,c\n1,2,3\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("expected a PDPI header", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EpdHeaderWithoutTotalQuantity_NamesTheColumn()
    {
        var e = Fail("EPD_201401.csv", Fixtures.EpdRetired.Replace("TOTAL_QUANTITY", "TOTAL_QTY", StringComparison.Ordinal));
        Assert.Equal((1L, "TOTAL_QUANTITY"), (e.Line, e.Field));
    }

    [Fact]
    public void Read_NonNumericAmount_NamesFieldByHeader()
    {
        var e = Fail("T201008PDPI BNFT.csv", Fixtures.PdpiPadded.Replace("00000083.79", "0000008X.79", StringComparison.Ordinal));
        Assert.Equal((3L, "NIC"), (e.Line, e.Field));
        Assert.Contains("0000008X.79", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AmountWithTooManyDecimals_Throws()
    {
        var e = Fail("EPD_201401.csv", Fixtures.EpdRetired.Replace(",3.15,", ",3.155,", StringComparison.Ordinal));
        Assert.Equal((2L, "NIC"), (e.Line, e.Field));
        Assert.Equal("'3.155' has 3 decimal places, more than the 2 this field is exact to (RxAtlas rejects rather than rounds)", e.Problem);
    }

    [Theory]
    [InlineData("0101010c0AAAAAA")]
    [InlineData("0101010C0AAAAA")]
    [InlineData("")]
    public void Read_BadBnfCode_Throws(string code)
    {
        var e = Fail("EPD_201401.csv", Fixtures.EpdRetired.Replace(",0212000B0AAABAB,", "," + code + ",", StringComparison.Ordinal));
        Assert.Equal((4L, "BNF_CODE"), (e.Line, e.Field));
        Assert.Contains("15 (drug) or 11 (appliance)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnparseableMonth_Throws()
    {
        var e = Fail("T201008PDPI BNFT.csv", Fixtures.PdpiPadded.Replace("0000050,201008,", "0000050,201013,", StringComparison.Ordinal));
        Assert.Equal((2L, "PERIOD"), (e.Line, e.Field));
        Assert.Contains("not a month", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileMixingMonths_Throws()
    {
        var e = Fail("prescribing.csv", Fixtures.PdpiClean + "Q44,01C,N81002,0101010C0AAAAAA,Aluminium Hydroxide_Tab 500mg,1,3.15,2.93,50,201912\n");
        Assert.Equal((4L, "PERIOD"), (e.Line, e.Field));
        Assert.Contains("mixes months", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedLastLine_Throws()
    {
        var e = Fail("T201911PDPI BNFT.csv", Fixtures.PdpiClean + "Q44,01C,N81002,0101010C0AAAAAA,Alum");
        Assert.Equal(4, e.Line);
        Assert.Null(e.Field);
        Assert.Contains("5 fields; expected 10", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongFieldCountMidFile_Throws()
    {
        var e = Fail("EPD_201401.csv", Fixtures.EpdRetired.Replace("PR1  6YA,", "PR1  6YA,EXTRA,", StringComparison.Ordinal));
        Assert.Equal(2, e.Line);
        Assert.Contains("27 fields; expected 26", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        var e = Fail("T201911PDPI BNFT.csv", "");
        Assert.Equal(0, e.Line);
        Assert.Contains("empty", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnly_Throws()
    {
        var e = Fail("T201911PDPI BNFT.csv", Fixtures.PdpiCleanHeader + "\n");
        Assert.Contains("no data rows", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadPracticeCode_Throws()
    {
        var e = Fail("T201911PDPI BNFT.csv", Fixtures.PdpiClean.Replace("N81002", "n81002", StringComparison.Ordinal));
        Assert.Equal((2L, "PRACTICE"), (e.Line, e.Field));
    }
}
