using RxAtlas.Core;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>Bad input fails in the parallel reader with exactly the sequential reader's <see cref="DataFormatException"/>:
/// the earliest problem in the file, whichever block (and thread) meets one first.</summary>
public sealed class ParallelPrescribingReaderBadInputTests : IDisposable
{
    private static readonly YearMonth November = new(2019, 11);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Asserts the same failure at every block size; returns it.</summary>
    private DataFormatException SameFailure(string name, string text, YearMonth? expectedMonth = null, bool crlf = false)
    {
        var path = _files.Write(name, text, crlf);
        DataFormatException? failure = null;
        foreach (var blockBytes in SequentialVsParallel.BlockSizes)
        {
            failure = SequentialVsParallel.AssertSameFailure(path, expectedMonth, blockBytes);
        }
        Assert.Equal(path, failure!.File);
        return failure;
    }

    private static string Replace(string text, string from, string to) => text.Replace(from, to, StringComparison.Ordinal);

    public static TheoryData<string, string> SmallBadFiles => new()
    {
        { "T201911PDPI BNFT.csv", Replace(Fixtures.PdpiClean, "BNF CODE", "BNF_CODE") },
        { "T201911PDPI BNFT.csv", Fixtures.PdpiClean[(Fixtures.PdpiCleanHeader.Length + 1)..] },
        { "data.csv", "a,b,c\n1,2,3\n" },
        { "EPD_201401.csv", Replace(Fixtures.EpdRetired, "TOTAL_QUANTITY", "TOTAL_QTY") },
        { "T201008PDPI BNFT.csv", Replace(Fixtures.PdpiPadded, "00000083.79", "0000008X.79") },
        { "EPD_201401.csv", Replace(Fixtures.EpdRetired, ",3.15,", ",3.155,") },
        { "EPD_201401.csv", Replace(Fixtures.EpdRetired, ",0212000B0AAABAB,", ",0101010c0AAAAAA,") },
        { "EPD_201401.csv", Replace(Fixtures.EpdRetired, ",0212000B0AAABAB,", ",,") },
        { "T201008PDPI BNFT.csv", Replace(Fixtures.PdpiPadded, "0000050,201008,", "0000050,201013,") },
        { "prescribing.csv", Fixtures.PdpiClean + "Q44,01C,N81002,0101010C0AAAAAA,Aluminium Hydroxide_Tab 500mg,1,3.15,2.93,50,201912\n" },
        { "T201911PDPI BNFT.csv", Fixtures.PdpiClean + "Q44,01C,N81002,0101010C0AAAAAA,Alum" },
        { "EPD_201401.csv", Replace(Fixtures.EpdRetired, "PR1  6YA,", "PR1  6YA,EXTRA,") },
        { "T201911PDPI BNFT.csv", "" },
        { "T201911PDPI BNFT.csv", "\r\n  \n" },
        { "T201911PDPI BNFT.csv", Fixtures.PdpiCleanHeader + "\n" },
        { "T201911PDPI BNFT.csv", Fixtures.PdpiCleanHeader + "\n\n \r\n\n" },
        { "T201911PDPI BNFT.csv", Replace(Fixtures.PdpiClean, "N81002", "n81002") },
        { "EPD_201401.csv", Fixtures.EpdRetired + "201401,\"UNCLOSED,-,-\n" },
        { "EPD_201401.csv", Replace(Fixtures.EpdRetired, "\"02: Cardiovascular System\"", "\"02: Cardiovascular\" System") },
    };

    [Theory]
    [MemberData(nameof(SmallBadFiles))]
    public void Read_EveryBadInputOfTheSequentialTests_SameException(string name, string text)
    {
        SameFailure(name, text);
        SameFailure(name, text, crlf: true);
    }

    [Fact]
    public void Read_QuoteNotClosedByTheEndOfTheFile_NamesTheFieldByItsHeader()
    {
        var e = SameFailure("EPD_201401.csv", Fixtures.EpdRetired + "201401,\"UNCLOSED,-,-\n");

        Assert.Equal(Fixtures.EpdRetired.Split('\n')[0].Split(',')[1], e.Field);
        Assert.Contains("not closed before the end of the file", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExpectedMonthDiffersFromFirstRow_SameException()
    {
        var e = SameFailure("EPD_201401.csv", Fixtures.EpdRetired, new YearMonth(2014, 2));
        Assert.Equal(("YEAR_MONTH", 2L), (e.Field, e.Line));
        Assert.Contains("named for", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExpectedMonthDiffersAndFirstRowsAfterBlankBlocks_StillNamesTheFileMonth()
    {
        var text = Fixtures.PdpiCleanHeader + "\n" + string.Concat(Enumerable.Repeat("   \n", 200)) + PrescribingTexts.PdpiClean(20)[(Fixtures.PdpiCleanHeader.Length + 1)..];
        var e = SameFailure("T201911PDPI BNFT.csv", text, new YearMonth(2019, 12));
        Assert.Equal(202, e.Line);
        Assert.Contains("named for", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(250)]
    [InlineData(399)]
    public void Read_OtherMonthAtAnyRow_MixesMonthsAtThatRow(int row)
    {
        var text = PrescribingTexts.PdpiClean(400, edit: (i, line) => i >= row ? Replace(line, ",201911", ",201912") : line);
        // From the first row on, the file is all December: only its name says otherwise.
        foreach (var expected in row == 0 ? new YearMonth?[] { November } : [null, November])
        {
            var e = SameFailure("T201911PDPI BNFT.csv", text, expected);
            Assert.Equal((row + 2L, "PERIOD"), (e.Line, e.Field));
            Assert.Contains(row == 0 ? "named for" : "mixes months", e.Problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("nic", 300)]
    [InlineData("bnf", 123)]
    [InlineData("practice", 398)]
    [InlineData("month", 222)]
    [InlineData("fields", 301)]
    public void Read_ErrorInALaterBlock_SameException(string what, int row)
    {
        var text = PrescribingTexts.PdpiClean(400, edit: (i, line) => i == row ? Break(what, line) : line);
        var e = SameFailure("T201911PDPI BNFT.csv", text, November);
        Assert.Equal(row + 2, e.Line);
    }

    [Fact]
    public void Read_TwoBlocksWithErrors_TheEarlierOneWinsWhateverTheTiming()
    {
        // Whichever worker meets its error first, the reader reports the one earlier in the file.
        var text = PrescribingTexts.PdpiClean(2_000, edit: (i, line) => i == 1_200 ? Break("nic", line) : i == 1_990 ? Break("bnf", line) : line);
        var path = _files.Write("T201911PDPI BNFT.csv", text);
        foreach (var workers in new[] { 2, 3, 8 })
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var e = SequentialVsParallel.AssertSameFailure(path, November, 1024, workers);
                Assert.Equal((1_202L, "NIC"), (e.Line, e.Field));
            }
        }
    }

    [Fact]
    public void Read_MonthErrorAtABlocksFirstRowBeforeARowErrorInTheSameRow_MonthWins()
    {
        var text = PrescribingTexts.PdpiClean(400, edit: (i, line) => i >= 200 ? Break("nic", Replace(line, ",201911", ",201912")) : line);
        var e = SameFailure("T201911PDPI BNFT.csv", text);
        Assert.Equal((202L, "PERIOD"), (e.Line, e.Field));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(70)]
    public void Read_ErrorAfterQuotedLineBreaks_SameLine(int row)
    {
        var text = PrescribingTexts.EpdQuoted(80, edit: (i, line) => i == row ? Replace(line, ",02: Cardiovascular,28,", ",02: Cardiovascular,28,x") : line);
        var e = SameFailure("EPD_SNOMED_202101.csv", text);
        Assert.Equal((PrescribingTexts.EpdQuotedLine(row), "ITEMS"), (e.Line, e.Field));
    }

    [Fact]
    public void Read_UnclosedQuoteBeyondTheLargestBlock_SameException()
    {
        var text = PrescribingTexts.EpdQuoted(30, edit: (i, line) => i == 10 ? Replace(line, "FLOOR", "\"FLOOR") : line);
        var path = _files.Write("EPD_SNOMED_202101.csv", text);
        var expected = Assert.Throws<DataFormatException>(() => new PrescribingReader(SourceFile.Open(path)).Read().Count());

        var reader = new ParallelPrescribingReader(SourceFile.Open(path), workers: 2, blockBytes: 64) { MaxBlockBytes = 256 };
        var actual = Assert.Throws<DataFormatException>(() => reader.Read());

        Assert.Equal((expected.Line, expected.Field, expected.Problem), (actual.Line, actual.Field, actual.Problem));
    }

    [Fact]
    public void Read_CorruptGzip_FailsAndLeavesNothingOpen()
    {
        var path = _files.WriteGz("T201911PDPI BNFT.csv.gz", PrescribingTexts.PdpiClean(3_000));
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length / 2, 64).Fill(0x55);
        File.WriteAllBytes(path, bytes);

        var expected = Record.Exception(() => new PrescribingReader(SourceFile.Open(path)).Read().Count());
        var actual = Record.Exception(() => new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 1024).Read());

        Assert.NotNull(expected);
        Assert.Equal(expected.GetType(), actual?.GetType());

        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    private static string Break(string what, string line)
    {
        var fields = line.Split(',');
        switch (what)
        {
            case "nic": fields[6] = "1.2.3"; break;
            case "bnf": fields[3] = "0101"; break;
            case "practice": fields[2] = "p1"; break;
            case "month": fields[9] = "2019-13"; break;
            default: return string.Join(',', fields[..^2]);
        }
        return string.Join(',', fields);
    }
}
