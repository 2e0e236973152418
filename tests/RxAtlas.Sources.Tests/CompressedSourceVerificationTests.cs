using System.IO.Compression;
using System.Text;
using RxAtlas.Core;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>A compressed source must prove itself whole (CRC-32 and length against what the gzip trailer or zip header
/// records) before its rows count: a download cut off at a deflate block boundary, or a damaged stored zip entry, otherwise
/// decompresses cleanly to part of the month, or to wrong bytes.</summary>
public sealed class CompressedSourceVerificationTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>A gzip of <paramref name="text"/> flushed after its first <paramref name="cut"/> characters (a whole line), then
    /// cut off there: what is left is a valid deflate stream with no final block and no trailer.</summary>
    private string TruncatedGzip(string text, int cut)
    {
        var path = Path.Combine(_files.Root, "T201911PDPI BNFT.csv.gz");
        long flushedAt;
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            gz.Write(Latin1(text[..cut]));
            gz.Flush();
            flushedAt = file.Length;
            gz.Write(Latin1(text[cut..]));
        }
        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(flushedAt);
        return path;
    }

    private static int EndOfLine(string text, int line)
    {
        var at = 0;
        for (var i = 0; i < line; i++) at = text.IndexOf('\n', at) + 1;
        return at;
    }

    [Fact]
    public void Read_GzipCutOffAtABlockBoundary_FailsNamingTheFileInEveryReader()
    {
        var text = PrescribingTexts.PdpiClean(3_000);
        var path = TruncatedGzip(text, EndOfLine(text, 1_500));

        var sequential = Assert.Throws<DataFormatException>(() => new PrescribingReader(SourceFile.Open(path)).Read().Count());
        var parallel = Assert.Throws<DataFormatException>(() => new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 1024).Read());

        foreach (var failure in new[] { sequential, parallel })
        {
            Assert.Equal(path, failure.File);
            Assert.StartsWith("the gzip data is truncated or damaged", failure.Problem, StringComparison.Ordinal);
            Assert.Contains($"decompressed to {Latin1(text[..EndOfLine(text, 1_500)]).Length:N0} bytes", failure.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_TwoConcatenatedGzipMembers_AreRejectedNotHalfRead()
    {
        var text = PrescribingTexts.PdpiClean(200);
        var cut = EndOfLine(text, 100);
        var first = File.ReadAllBytes(_files.WriteGz("a.gz", text[..cut]));
        var second = File.ReadAllBytes(_files.WriteGz("b.gz", text[cut..]));
        var path = Path.Combine(_files.Root, "T201911PDPI BNFT.csv.gz");
        File.WriteAllBytes(path, [.. first, .. second]);

        var failure = Assert.Throws<DataFormatException>(() => new PrescribingReader(SourceFile.Open(path)).Read().Count());

        Assert.Contains("several concatenated gzip members", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StoredZipEntryWithAChangedByte_FailsNamingTheEntry()
    {
        var text = PrescribingTexts.PdpiClean(500);
        var path = Path.Combine(_files.Root, "T201911PDPI BNFT.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("T201911PDPI BNFT.csv", CompressionLevel.NoCompression).Open())
            entry.Write(Latin1(text));
        // One row's items (249 % 7 = 4) become 5: every row still parses, to a different total.
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf(Latin1(",Name 249,4,")) + ",Name 249,".Length;
        Assert.Equal((byte)'4', bytes[at]);
        bytes[at] = (byte)'5';
        File.WriteAllBytes(path, bytes);

        var failure = Assert.Throws<DataFormatException>(() => new ParallelPrescribingReader(SourceFile.Open(path), blockBytes: 1024).Read());

        Assert.Equal(path + "!T201911PDPI BNFT.csv", failure.File);
        Assert.StartsWith("the zip entry is damaged", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IntactGzipAndZip_ReadEveryRow()
    {
        var text = PrescribingTexts.PdpiClean(2_000);
        var gz = _files.WriteGz("T201911PDPI BNFT.csv.gz", text);
        var zip = _files.WriteZip("T201911PDPI BNFT.zip", ("T201911PDPI BNFT.csv", text));

        Assert.Equal(2_000, new PrescribingReader(SourceFile.Open(gz)).Read().Count());
        Assert.Equal(2_000, new ParallelPrescribingReader(SourceFile.Open(zip), blockBytes: 1024).Read().Count);
    }
}
