using System.IO.Compression;
using System.Text;

namespace RxAtlas.Sources.Tests;

/// <summary>A temporary folder of fixture files written as Latin-1, deleted on dispose.</summary>
public sealed class TempFiles : IDisposable
{
    public TempFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "rxatlas-sources-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> as Latin-1 (optionally with CRLF line ends) and returns the path.</summary>
    public string Write(string name, string text, bool crlf = false, bool bom = false)
    {
        var path = Prepare(name);
        File.WriteAllBytes(path, Bytes(text, crlf, bom));
        return path;
    }

    public string WriteGz(string name, string text, bool crlf = false)
    {
        var path = Prepare(name);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(Bytes(text, crlf, false));
        return path;
    }

    public string WriteZip(string name, params (string Entry, string Text)[] entries)
    {
        var path = Prepare(name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, text) in entries)
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(Bytes(text, false, false));
        }
        return path;
    }

    private string Prepare(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static byte[] Bytes(string text, bool crlf, bool bom)
    {
        if (crlf) text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.Latin1.GetBytes(text);
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }
}
