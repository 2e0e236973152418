using System.IO.Compression;
using System.Text;
using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>One readable source: a plain file, a gzip-compressed file, or one entry of a zip archive.</summary>
/// <remarks>Every source is read as Latin-1; a UTF-8 byte-order mark at the start is skipped.
/// A zip entry is named <c>archive.zip!entry.csv</c> in <see cref="DisplayName"/> and in error messages.</remarks>
public sealed class SourceFile
{
    private const char EntrySeparator = '!';

    internal SourceFile(string path, string? entry)
    {
        Path = path;
        Entry = entry;
        DisplayName = entry is null ? path : path + EntrySeparator + entry;
        var leaf = entry ?? System.IO.Path.GetFileName(path);
        leaf = leaf.Replace('\\', '/');
        leaf = leaf[(leaf.LastIndexOf('/') + 1)..];
        FileName = leaf.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? leaf[..^3] : leaf;
    }

    /// <summary>The file on disk (the archive, for a zip entry).</summary>
    public string Path { get; }

    /// <summary>The entry inside a zip archive, or null for a plain or gzip file.</summary>
    public string? Entry { get; }

    /// <summary>How the source is named in messages: the path, or <c>archive.zip!entry.csv</c>.</summary>
    public string DisplayName { get; }

    /// <summary>The name used to recognise the layout: the file or entry name without folders or a <c>.gz</c> suffix.</summary>
    public string FileName { get; }

    /// <summary>True for names this project can read: <c>.csv</c>, <c>.csv.gz</c>, <c>.json</c>, <c>.json.gz</c>, <c>.zip</c>
    /// (case-insensitive).</summary>
    public static bool IsReadableName(string name) =>
        name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || IsDataName(name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name);

    /// <summary>Opens <paramref name="path"/> as one source. A zip must hold exactly one CSV or JSON file unless the entry is
    /// named as <c>archive.zip!entry.csv</c>.</summary>
    /// <exception cref="DataFormatException">A zip with no CSV, or with several and none named.</exception>
    public static SourceFile Open(string path)
    {
        var sources = Expand(path);
        return sources.Count == 1
            ? sources[0]
            : throw new DataFormatException(path, 0, null,
                $"the archive holds {sources.Count} data files ({string.Join(", ", sources.Select(s => s.Entry))}); name one as archive.zip!entry.csv");
    }

    /// <summary>The sources in <paramref name="path"/>: the file itself, the named zip entry, or every CSV/JSON entry of a zip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A zip with no data file, or a named entry that is not in it.</exception>
    public static IReadOnlyList<SourceFile> Expand(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bang = path.IndexOf(".zip" + EntrySeparator, StringComparison.OrdinalIgnoreCase);
        if (bang >= 0)
        {
            var archive = path[..(bang + 4)];
            var entry = path[(bang + 5)..];
            RequireFile(archive);
            using var zip = OpenZip(archive);
            var found = zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, entry, StringComparison.OrdinalIgnoreCase))
                ?? throw new DataFormatException(archive, 0, null, $"the archive has no entry '{entry}'");
            return [new SourceFile(archive, found.FullName)];
        }
        RequireFile(path);
        if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return [new SourceFile(path, null)];
        using (var zip = OpenZip(path))
        {
            var entries = zip.Entries
                .Where(e => IsDataName(e.FullName) && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal))
                .Select(e => new SourceFile(path, e.FullName))
                .ToList();
            return entries.Count > 0 ? entries : throw new DataFormatException(path, 0, null, "the archive holds no .csv or .json file");
        }
    }

    /// <summary>Opens a zip archive, or says which file is not one (a truncated download ends before the archive's directory).</summary>
    /// <exception cref="DataFormatException">Not a readable zip archive.</exception>
    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, 0, null, $"not a readable zip archive ({e.Message.TrimEnd('.')}): a truncated or damaged download?");
        }
    }

    /// <summary>Opens the decompressed bytes (the caller disposes the stream).</summary>
    public Stream OpenStream()
    {
        if (Entry is not null)
        {
            var zip = OpenZip(Path);
            try
            {
                var entry = zip.GetEntry(Entry) ?? throw new DataFormatException(Path, 0, null, $"the archive has no entry '{Entry}'");
                return new OwningStream(VerifiedStream.OpenZipEntry(DisplayName, entry), zip);
            }
            catch
            {
                zip.Dispose();
                throw;
            }
        }
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (!Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return file;
        try
        {
            return VerifiedStream.OpenGzip(DisplayName, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens the source for fast CSV tokenising.</summary>
    public CsvReader OpenCsv() => new(OpenStream(), DisplayName);

    /// <summary>Opens the source as Latin-1 text with any UTF-8 byte-order mark skipped.</summary>
    public TextReader OpenText()
    {
        var stream = OpenStream();
        try
        {
            SkipUtf8Bom(ref stream);
            return new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => DisplayName;

    private static void SkipUtf8Bom(ref Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> head = stackalloc byte[3];
        var n = 0;
        while (n < 3)
        {
            var read = buffered.Read(head[n..]);
            if (read == 0) break;
            n += read;
        }
        var bom = n == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        stream = bom ? buffered : new PrefixedStream(head[..n].ToArray(), buffered);
    }

    private static bool IsDataName(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static void RequireFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
    }
}
