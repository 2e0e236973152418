using System.IO.Compression;
using System.Text;

namespace RxAtlas.SampleData.Writers;

/// <summary>A text file being written, plain or packed (.csv.gz, or .zip with one .csv entry), with a large buffer.
/// Output bytes depend only on the content: the zip entry gets a fixed timestamp.</summary>
internal sealed class OutputFile : IDisposable
{
    /// <summary>All generated text is ASCII; Latin-1 is what the real files are read as.</summary>
    public static readonly Encoding Encoding = Encoding.Latin1;

    private static readonly DateTimeOffset ZipTimestamp = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FileStream _file;
    private readonly ZipArchive? _zip;
    private readonly Stream _content;

    private OutputFile(string path, FileStream file, ZipArchive? zip, Stream content)
    {
        Path = path;
        _file = file;
        _zip = zip;
        _content = content;
        Writer = new StreamWriter(content, Encoding, 1 << 16);
    }

    /// <summary>The full path of the file on disk (with its .gz or .zip ending).</summary>
    public string Path { get; }

    public TextWriter Writer { get; }

    /// <summary>Creates <paramref name="csvName"/> in <paramref name="directory"/>, packed as asked.</summary>
    public static OutputFile Create(string directory, string csvName, SampleCompression compression)
    {
        var path = compression switch
        {
            SampleCompression.Gzip => System.IO.Path.Combine(directory, csvName + ".gz"),
            SampleCompression.Zip => System.IO.Path.Combine(directory, System.IO.Path.ChangeExtension(csvName, ".zip")),
            _ => System.IO.Path.Combine(directory, csvName),
        };
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        try
        {
            switch (compression)
            {
                case SampleCompression.Gzip:
                    return new OutputFile(path, file, null, new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true));
                case SampleCompression.Zip:
                    var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
                    var entry = zip.CreateEntry(csvName, CompressionLevel.Fastest);
                    entry.LastWriteTime = ZipTimestamp;
                    return new OutputFile(path, file, zip, entry.Open());
                default:
                    return new OutputFile(path, file, null, file);
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Writer.Dispose();
        if (!ReferenceEquals(_content, _file)) _content.Dispose();
        _zip?.Dispose();
        _file.Dispose();
    }
}
