namespace RxAtlas.Sources.Parallel;

/// <summary>Finds where CSV records end in raw Latin-1 bytes, honouring double quotes exactly as <see cref="Csv.CsvReader"/> does:
/// a quote opens a quoted field only as the first character of a field after padding (spaces, tabs), <c>""</c> inside one is
/// an escaped quote, and a line break inside one does not end the record.</summary>
internal static class RecordBoundary
{
    private const byte Quote = (byte)'"';
    private const byte Newline = (byte)'\n';

    /// <summary>The length of the longest prefix of <paramref name="data"/> that is whole records: just past the last line break
    /// outside quoted fields, or 0 when there is none. <paramref name="data"/> must start at the start of a record.</summary>
    public static int LastCut(ReadOnlySpan<byte> data)
    {
        var cut = 0;
        var pos = 0; // outside quoted fields from here on
        while (true)
        {
            var rel = data[pos..].IndexOf(Quote);
            var segmentEnd = rel < 0 ? data.Length : pos + rel;
            var newline = data[pos..segmentEnd].LastIndexOf(Newline);
            if (newline >= 0) cut = pos + newline + 1;
            if (rel < 0) return cut;
            if (!OpensField(data, segmentEnd))
            {
                pos = segmentEnd + 1; // a literal quote inside an unquoted field
                continue;
            }
            var close = ClosingQuote(data, segmentEnd + 1);
            if (close < 0) return cut; // the quoted field runs past the data: cut before its record
            pos = close + 1;
        }
    }

    /// <summary>True when the quote at <paramref name="index"/> starts a field: only padding lies between it and the previous
    /// comma, line break or the start of the data.</summary>
    private static bool OpensField(ReadOnlySpan<byte> data, int index)
    {
        var j = index - 1;
        while (j >= 0 && data[j] is (byte)' ' or (byte)'\t') j--;
        return j < 0 || data[j] is (byte)',' or Newline;
    }

    /// <summary>The quote closing a field whose text starts at <paramref name="from"/>, or -1 when the data ends first (or ends
    /// right after a quote, which might be the first of an escaped pair).</summary>
    private static int ClosingQuote(ReadOnlySpan<byte> data, int from)
    {
        var q = from;
        while (true)
        {
            var rel = data[q..].IndexOf(Quote);
            if (rel < 0) return -1;
            q += rel;
            if (q + 1 >= data.Length) return -1;
            if (data[q + 1] != Quote) return q;
            q += 2;
        }
    }
}
