using RxAtlas.Core;

namespace RxAtlas.Sources.Tests;

public sealed class EmptyFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string> Readers => ["prescribing", "address", "bnf", "epraccur", "postcodes", "chem"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_EmptyFile_ThrowsNamingTheFile(string reader)
    {
        var path = _files.Write(reader + ".csv", "\r\n");
        var file = SourceFile.Open(path);
        Action read = reader switch
        {
            "prescribing" => () => new PrescribingReader(file).Read().ToList(),
            "address" => () => new AddressReader(file).Read().ToList(),
            "bnf" => () => BnfCodeReader.Read(file).ToList(),
            "epraccur" => () => EpraccurReader.Read(file).ToList(),
            "postcodes" => () => PostcodeLookupReader.Read(file).ToList(),
            _ => () => ChemicalSubstanceReader.Read(file).ToList(),
        };
        var e = Assert.Throws<DataFormatException>(read);
        Assert.Equal(path, e.File);
        Assert.Contains("empty", e.Problem, StringComparison.Ordinal);
    }
}
