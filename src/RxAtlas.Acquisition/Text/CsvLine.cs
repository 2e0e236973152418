using System.IO.Compression;
using System.Text;

namespace RxAtlas.Acquisition;

/// <summary>Minimal CSV helpers for the small readers here (list sizes, ONSPD): one record per line, double-quote quoting.</summary>
internal static class CsvLine
{
    /// <summary>Splits a line on commas, honouring double quotes (<c>""</c> inside quotes is one quote), trimming each field.</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return fields;
    }

    /// <summary>Header names upper-cased and trimmed, a UTF-8 BOM removed, mapped to their index (first occurrence wins).</summary>
    public static Dictionary<string, int> Header(string line)
    {
        var names = Split(line.TrimStart('\uFEFF'));
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++) map.TryAdd(names[i].Trim().TrimStart('\uFEFF'), i);
        return map;
    }

    /// <summary>Opens a CSV file for reading as Latin-1 — or, for a zip, the entry chosen by <paramref name="pickEntry"/>
    /// (default: the only or first <c>.csv</c>). Returns the reader and a display name (<c>archive.zip!entry.csv</c>).</summary>
    public static (TextReader Reader, string Name) Open(string path, Func<IReadOnlyList<ZipArchiveEntry>, ZipArchiveEntry?>? pickEntry = null)
    {
        var latin1 = Encoding.Latin1;
        if (!ZipVerifier.LooksLikeZip(path)) return (new StreamReader(path, latin1, detectEncodingFromByteOrderMarks: true, 1 << 16), path);
        var zip = ZipFile.OpenRead(path);
        try
        {
            var csvs = zip.Entries.Where(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToList();
            var entry = (pickEntry ?? (list => list.FirstOrDefault()))(csvs)
                ?? throw new RxAtlas.Core.DataFormatException(path, 0, null, "the zip holds no suitable .csv file.");
            return (new ZipEntryReader(zip, entry.Open(), latin1), path + "!" + entry.FullName);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>A reader over a zip entry that also closes the archive.</summary>
    private sealed class ZipEntryReader(ZipArchive zip, Stream entry, Encoding encoding) : StreamReader(entry, encoding, true, 1 << 16)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) zip.Dispose();
        }
    }
}
