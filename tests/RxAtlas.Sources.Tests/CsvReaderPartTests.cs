using System.Text;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Tests;

/// <summary>Reading part of a file (what the parallel reader's workers do) and handing back the unread rest of one.</summary>
public sealed class CsvReaderPartTests
{
    private static MemoryStream Latin1(string text, bool bom = false) =>
        new(bom ? [0xEF, 0xBB, 0xBF, .. Encoding.Latin1.GetBytes(text)] : Encoding.Latin1.GetBytes(text));

    [Fact]
    public void Read_FromALaterLine_NumbersLinesFromIt()
    {
        using var csv = new CsvReader(Latin1("a,\"b\nc\"\n\nd,e\n"), "f.csv", 16, firstLine: 41, skipByteOrderMark: false, leaveOpen: false);

        Assert.True(csv.Read());
        Assert.Equal(41, csv.LineNumber);
        Assert.True(csv.Read());
        Assert.Equal(44, csv.LineNumber);
    }

    [Fact]
    public void Read_MidFile_KeepsBytesThatLookLikeAByteOrderMark()
    {
        using var csv = new CsvReader(Latin1("x,y\n", bom: true), "f.csv", 16, firstLine: 2, skipByteOrderMark: false, leaveOpen: false);

        Assert.True(csv.Read());
        Assert.Equal("\u00EF\u00BB\u00BFx", csv.GetString(0));
    }

    [Fact]
    public void Dispose_LeaveOpen_StreamStaysReadable()
    {
        var stream = Latin1("a\n");
        new CsvReader(stream, "f.csv", 16, firstLine: 1, skipByteOrderMark: true, leaveOpen: true).Dispose();

        Assert.True(stream.CanRead);
    }

    [Fact]
    public void TakeUnread_AfterTheHeader_GivesTheRestAsBytesAndItsFirstLine()
    {
        var stream = Latin1("h1,\"h\n2\"\r\nCAFÉ,1\nx,2", bom: true);
        using var csv = new CsvReader(stream, "f.csv", 64, firstLine: 1, skipByteOrderMark: true, leaveOpen: true);
        Assert.True(csv.Read());

        var unread = csv.TakeUnread(out var line);

        Assert.Equal(3, line);
        Assert.Equal("CAFÉ,1\nx,2", Encoding.Latin1.GetString(unread));
        Assert.Equal(-1, stream.ReadByte());
    }
}
