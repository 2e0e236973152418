using System.Text;
using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Tests;

public class CsvReaderTests
{
    private static List<(long Line, string[] Fields)> ReadAll(CsvReader csv)
    {
        var records = new List<(long, string[])>();
        using (csv)
        {
            while (csv.Read())
            {
                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i);
                records.Add((csv.LineNumber, fields));
            }
        }
        return records;
    }

    private static List<(long Line, string[] Fields)> ReadAll(string text, int bufferChars = 1 << 16) =>
        ReadAll(new CsvReader(new MemoryStream(Encoding.Latin1.GetBytes(text)), "t.csv", bufferChars));

    [Fact]
    public void Read_PaddedFields_AreTrimmedAndTrailingCommaGivesEmptyField()
    {
        var records = ReadAll(" SHA,PCT ,ITEMS  \nQ30,5D7,0000001   ,\n");
        Assert.Equal(["SHA", "PCT", "ITEMS"], records[0].Fields);
        Assert.Equal(["Q30", "5D7", "0000001", ""], records[1].Fields);
    }

    [Fact]
    public void Read_QuotedFields_HonourCommasAndDoubledQuotes()
    {
        var records = ReadAll("a,\"BATH,GLOS \"\"X\"\" TEAM\" , \"\" ,\"  kept  \"\n");
        Assert.Equal(["a", "BATH,GLOS \"X\" TEAM", "", "  kept  "], records[0].Fields);
    }

    [Fact]
    public void Read_LineBreakInsideQuotes_CountsPhysicalLines()
    {
        var records = ReadAll("h1,h2\n\"two\nlines\",x\nlast,y\n");
        Assert.Equal(3, records.Count);
        Assert.Equal("two\nlines", records[1].Fields[0]);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void Read_CrlfAndLf_GiveTheSameFields()
    {
        var lf = ReadAll("a,b\n\"c\",d\n");
        var crlf = ReadAll("a,b\r\n\"c\",d\r\n");
        Assert.Equal(lf.Select(r => r.Fields), crlf.Select(r => r.Fields));
        Assert.Equal(lf.Select(r => r.Line), crlf.Select(r => r.Line));
    }

    [Fact]
    public void Read_EmptyLinesAndMissingFinalNewline_AreSkippedAndReadWithRightLineNumbers()
    {
        var records = ReadAll("a,b\n\n\r\nc,d");
        Assert.Equal(2, records.Count);
        Assert.Equal(["c", "d"], records[1].Fields);
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void Read_Utf8BomAndLatin1Bytes_BomSkippedAndBytesDecodedAsLatin1()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("NAME\nCAF"), 0xC9, (byte)'\n'];
        var records = ReadAll(new CsvReader(new MemoryStream(bytes), "t.csv"));
        Assert.Equal("NAME", records[0].Fields[0]);
        Assert.Equal("CAFÉ", records[1].Fields[0]);
    }

    [Fact]
    public void Read_TinyBuffer_RecordsAcrossRefillsAndLongerThanTheBufferAreIntact()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++) text.Append(i).Append(",\"q\"\"").Append(new string('x', i % 40)).Append("\",  pad  \r\n");
        var small = ReadAll(text.ToString(), bufferChars: 16);
        var large = ReadAll(text.ToString());
        Assert.Equal(200, small.Count);
        Assert.Equal(large.Select(r => string.Join("|", r.Fields)), small.Select(r => string.Join("|", r.Fields)));
        Assert.Equal("q\"" + new string('x', 39), small[39].Fields[1]);
        Assert.Equal(200, small[199].Line);
    }

    [Fact]
    public void Read_UnclosedQuote_ThrowsNamingLineAndField()
    {
        var e = Assert.Throws<DataFormatException>(() => ReadAll("a,b\nc,\"never closed\n"));
        Assert.Equal("t.csv", e.File);
        Assert.Equal(2, e.Line);
        Assert.Equal("#2", e.Field);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_Throws()
    {
        var e = Assert.Throws<DataFormatException>(() => ReadAll("\"a\"b,c\n"));
        Assert.Equal(1, e.Line);
        Assert.Contains("closing quote", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordLongerThanTheLimit_ThrowsInsteadOfGrowingForever()
    {
        var bytes = new byte[CsvReader.MaxRecordChars + 10];
        bytes.AsSpan().Fill((byte)'x');
        using var csv = new CsvReader(new MemoryStream(bytes), "huge.csv");
        var e = Assert.Throws<DataFormatException>(() => csv.Read());
        Assert.Equal(("huge.csv", 1L), (e.File, e.Line));
    }

    [Fact]
    public void IsBlankRecord_OnlyCommas_IsTrue()
    {
        using var csv = CsvReader.FromString(",,,\nx,,,\n");
        Assert.True(csv.Read());
        Assert.True(csv.IsBlankRecord);
        Assert.True(csv.Read());
        Assert.False(csv.IsBlankRecord);
    }

    [Fact]
    public void StringPool_SameSpanTwice_ReturnsTheSameInstance()
    {
        var pool = new StringPool();
        var a = pool.Get("0101010C0AAAAAA".AsSpan());
        var b = pool.Get("X0101010C0AAAAAA".AsSpan(1));
        Assert.Same(a, b);
        Assert.Equal(1, pool.Count);
    }
}
