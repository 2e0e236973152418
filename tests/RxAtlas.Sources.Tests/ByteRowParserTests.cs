using System.Text;
using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.Sources.Csv;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>The parallel reader's byte-level fast path: it codes the common rows itself, and every row it declines (quotes,
/// padding, blank lines, new codes, unusual numbers) still gets exactly the general parser's result or error.</summary>
public sealed class ByteRowParserTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Read_CleanMonth_FastPathCodesAllButEachCodesFirstRow(int workers)
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(3_000));

        var reader = new ParallelPrescribingReader(SourceFile.Open(path), new YearMonth(2019, 11), workers);
        var coded = reader.Read();

        // 23 practices and 40 presentations: each worker sends at most their first rows and its blocks' first rows elsewhere.
        Assert.Equal(3_000, coded.Count);
        Assert.InRange(reader.FastRows, coded.Count - workers * 64, coded.Count - 1);
        SequentialVsParallel.AssertSameResult(path, new YearMonth(2019, 11), ParallelPrescribingReader.DefaultBlockBytes, workers);
    }

    /// <summary>Rows the fast path must decline, mixed into a clean month.</summary>
    private static string Unusual(int i, string line) => (i % 9) switch
    {
        1 => Replace(line, 4, "\"Name, quoted\""),                 // a quoted field holding a comma
        2 => string.Join(" , ", line.Split(',')),                  // padding around every field
        3 => line + "\r",                                          // a CRLF line
        4 => "\n" + line,                                          // a blank line before it
        5 => Replace(line, 8, "+0000000000000015.50"),             // a sign and many leading zeros
        6 => Replace(line, 5, "+0004"),                            // a sign and leading zeros
        7 => Replace(line, 6, ""),                                 // an empty measure is zero
        _ => line,
    };

    private static string Replace(string line, int field, string value)
    {
        var fields = line.Split(',');
        fields[field] = value;
        return string.Join(",", fields);
    }

    [Theory]
    [InlineData(333)]
    [InlineData(4096)]
    [InlineData(ParallelPrescribingReader.DefaultBlockBytes)]
    public void Read_UnusualRowsAmongCommonOnes_SameAsSequential(int blockBytes)
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(2_000, edit: Unusual));

        foreach (var workers in new[] { 1, 2 })
        {
            var coded = SequentialVsParallel.AssertSameResult(path, new YearMonth(2019, 11), blockBytes, workers);
            Assert.Equal(2_000, coded.Count);
        }
    }

    [Fact]
    public void Read_EveryRowDeclined_GeneralPathReadsTheBlocksAlike()
    {
        // A quoted month never matches the month's text, so the fast path declines every row and soon hands whole blocks over.
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(3_000, edit: (_, line) => Replace(line, 9, "\"201911\"")));

        var reader = new ParallelPrescribingReader(SourceFile.Open(path), workers: 1);
        Assert.Equal(3_000, reader.Read().Count);
        Assert.Equal(0, reader.FastRows);
        SequentialVsParallel.AssertSameResult(path, new YearMonth(2019, 11), ParallelPrescribingReader.DefaultBlockBytes, workers: 2);
    }

    [Theory]
    [InlineData("NIC", 6, "1e3")]
    [InlineData("QUANTITY", 8, "12.5.0")]
    [InlineData("BNF CODE", 3, "0101010c0AAAA05")]
    [InlineData("PERIOD", 9, "201912")]
    public void Read_BadFieldAfterManyFastRowsOfItsBlock_SameErrorAndLine(string field, int index, string value)
    {
        var path = _files.Write("T201911PDPI BNFT.csv", PrescribingTexts.PdpiClean(3_000, edit: (i, line) => i == 2_500 ? Replace(line, index, value) : line));

        var error = SequentialVsParallel.AssertSameFailure(path, new YearMonth(2019, 11), ParallelPrescribingReader.DefaultBlockBytes, workers: 1);

        Assert.Equal((2_502L, field), (error.Line, error.Field));
    }

    [Fact]
    public void Read_QuotedNamesWithCommas_FastPathSplitsThemAsTheCsvReaderDoes()
    {
        // Every third row's practice name has a doubled quote and a line break (declined); the others are quoted with a comma
        // or padded around quotes, and every BNF name has a literal quote inside an unquoted field (all coded fast).
        var text = PrescribingTexts.EpdQuoted(3_000, edit: (_, line) => line.Replace(",\nFLOOR", ", FLOOR", StringComparison.Ordinal));
        var path = _files.Write("EPD_SNOMED_202101.csv", text);

        var reader = new ParallelPrescribingReader(SourceFile.Open(path), workers: 1);
        var coded = reader.Read();

        Assert.Equal(3_000, coded.Count);
        Assert.InRange(reader.FastRows, 2 * 3_000 / 3 - 64, 2 * 3_000 / 3);
        foreach (var blockBytes in new[] { 700, ParallelPrescribingReader.DefaultBlockBytes })
        {
            SequentialVsParallel.AssertSameResult(path, null, blockBytes, workers: 2);
        }
    }

    [Theory]
    [InlineData(2_400, "\"SURGERY\" X")]      // text after a closing quote
    [InlineData(2_999, "\"SURGERY")]          // a quote that never closes
    public void Read_BadQuotingAfterManyFastRows_SameError(int row, string name)
    {
        var text = PrescribingTexts.EpdQuoted(3_000, edit: (i, line) =>
        {
            line = line.Replace(",\nFLOOR", ", FLOOR", StringComparison.Ordinal);
            return i == row ? Replace(line, 7, name) : line;
        });
        var path = _files.Write("EPD_SNOMED_202101.csv", text.Replace("\"THE \"\"OLD\"\" SURGERY\n", "\"OLD SURGERY ", StringComparison.Ordinal));

        SequentialVsParallel.AssertSameFailure(path, null, ParallelPrescribingReader.DefaultBlockBytes, workers: 1);
    }

    /// <summary>A fast path for a clean PDPI month that has learnt N81001's 0101010C0AAAAAA from its first row.</summary>
    private static ByteRowParser FastPath(bool wide)
    {
        using var csv = CsvReader.FromString(Fixtures.PdpiCleanHeader + "\nQ44,01C,N81001,0101010C0AAAAAA,Name,1,1.00,1.00,1.0,201911\n", "T201911PDPI BNFT.csv");
        csv.Read();
        var columns = PrescribingColumns.FromHeader(csv, null);
        var rules = new PrescribingRowParser(columns, null);
        var fast = new ByteRowParser(rules, wide);
        csv.Read();
        rules.Parse(csv);
        fast.Learn();
        return fast;
    }

    private static (bool, CodedRow, int) Try(ByteRowParser fast, byte[] buffer, int limit) =>
        (fast.TryParse(buffer, limit, out var row, out var consumed), row, consumed);

    [Fact]
    public void TryParse_16And32ByteScans_AgreeWhereverTheLineEndsCommasAndQuotesFall()
    {
        var (wide, narrow) = (FastPath(wide: true), FastPath(wide: false));
        var accepted = 0;
        for (var pad = 0; pad < 70; pad++)
        {
            var name = new string('x', pad);
            foreach (var line in (string[])[
                $"Q44,01C,N81001,0101010C0AAAAAA,{name},3,15.27,14.23,1500.5,201911",
                $"Q44,01C,N81001,0101010C0AAAAAA,\"{name},\",3,15.27,14.23,1500.5,201911",   // a quoted comma
                $"Q44,01C,N81001,0101010C0AAAAAA,x{name}\"x,3,15.27,14.23,1500.5,201911",    // a literal quote
                $"Q44,01C,N81001,0101010C0AAAAAA,{name},x,3,15.27,14.23,1500.5,201911",       // a field too many
                $"Q44,01C,N81001,0101010C0AAAAAA,{name},3,15.27,14.23,1500.5,201911\r"])
            {
                var bytes = Encoding.Latin1.GetBytes(line);
                // Followed by another line; ending the block exactly; ending the block with stray bytes after it in the array.
                var following = Encoding.Latin1.GetBytes(line + "\nQ44,01C\n");
                var stray = Encoding.Latin1.GetBytes(line + "\n,,\",\n" + new string(',', 40));
                foreach (var (buffer, limit) in new[] { (following, following.Length), (bytes, bytes.Length), (stray, bytes.Length) })
                {
                    var expected = Try(wide, buffer, limit);
                    Assert.Equal(expected, Try(narrow, buffer, limit));
                    if (!expected.Item1) continue;
                    accepted++;
                    Assert.Equal(limit == bytes.Length ? bytes.Length : bytes.Length + 1, expected.Item3);
                    Assert.Equal(new CodedRow(0, 0, 3, 1_500_500, 1_527, 1_423_000), expected.Item2);
                }
            }
        }
        Assert.Equal(70 * 4 * 3, accepted); // all but the lines with a field too many
    }

    [Fact]
    public void Read_TruncatedLastLineAfterFastRows_SameError()
    {
        var text = PrescribingTexts.PdpiClean(1_000);
        var path = _files.Write("T201911PDPI BNFT.csv", text[..text.LastIndexOf(",201911", StringComparison.Ordinal)]);

        var error = SequentialVsParallel.AssertSameFailure(path, new YearMonth(2019, 11), ParallelPrescribingReader.DefaultBlockBytes, workers: 1);

        Assert.Equal(1_001L, error.Line);
    }
}
