using System.IO.Compression;
using System.Text;

namespace RxAtlas.SampleData.Tests;

/// <summary>A deliberately tiny, independent CSV reader for checking generated files (not the product's readers).</summary>
internal static class TestCsv
{
    /// <summary>The file's text (decompressing .gz / the single entry of a .zip).</summary>
    public static string ReadText(string path)
    {
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, Encoding.Latin1);
            return reader.ReadToEnd();
        }
        if (path.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var zip = ZipFile.OpenRead(path);
            using var reader = new StreamReader(zip.Entries.Single().Open(), Encoding.Latin1);
            return reader.ReadToEnd();
        }
        return File.ReadAllText(path, Encoding.Latin1);
    }

    /// <summary>Physical lines with their terminators removed; <paramref name="endings"/> says "CRLF", "LF" or "MIXED".</summary>
    public static List<string> Lines(string text, out string endings)
    {
        var lines = new List<string>();
        int crlf = 0, lf = 0, start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
            if (end < i) crlf++; else lf++;
            lines.Add(text[start..end]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        endings = crlf > 0 && lf > 0 ? "MIXED" : crlf > 0 ? "CRLF" : "LF";
        return lines;
    }

    /// <summary>Splits one line on commas, honouring double quotes ("" inside quotes is a quote).</summary>
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
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    public static decimal Dec(string text) => decimal.Parse(text.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
}
