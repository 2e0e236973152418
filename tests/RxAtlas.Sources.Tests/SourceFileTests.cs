using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class SourceFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Open_ZipWithOneCsv_NamesTheEntry()
    {
        var zip = _files.WriteZip("2019_11_Nov.zip", ("readme.txt", "x"), ("T201911PDPI BNFT.csv", Fixtures.PdpiClean));
        var file = SourceFile.Open(zip);
        Assert.Equal(zip + "!T201911PDPI BNFT.csv", file.DisplayName);
        Assert.Equal("T201911PDPI BNFT.csv", file.FileName);
    }

    [Fact]
    public void Open_ZipWithSeveralCsvs_RequiresANamedEntry()
    {
        var zip = _files.WriteZip("2019_11_Nov.zip", ("T201911PDPI BNFT.csv", Fixtures.PdpiClean), ("T201911ADDR BNFT.csv", Fixtures.AddrClean));
        Assert.Throws<DataFormatException>(() => SourceFile.Open(zip));
        Assert.Equal(2, SourceFile.Expand(zip).Count);
        var named = SourceFile.Open(zip + "!T201911ADDR BNFT.csv");
        using var text = named.OpenText();
        Assert.Equal(Fixtures.AddrClean, text.ReadToEnd());
    }

    [Fact]
    public void Open_GzFile_FileNameWithoutGzAndTextDecompressed()
    {
        var file = SourceFile.Open(_files.WriteGz("T201911ADDR BNFT.csv.gz", Fixtures.AddrClean));
        Assert.Equal("T201911ADDR BNFT.csv", file.FileName);
        using var text = file.OpenText();
        Assert.Equal(Fixtures.AddrClean, text.ReadToEnd());
    }

    [Fact]
    public void OpenText_Utf8Bom_Skipped()
    {
        using var text = SourceFile.Open(_files.Write("a.csv", "CAFÉ\n", bom: true)).OpenText();
        Assert.Equal("CAFÉ\n", text.ReadToEnd());
    }

    [Fact]
    public void Open_MissingFile_Throws() => Assert.Throws<FileNotFoundException>(() => SourceFile.Open(Path.Combine(_files.Root, "nope.csv")));
}
