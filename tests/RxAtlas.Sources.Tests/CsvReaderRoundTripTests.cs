using System.Text;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Tests;

/// <summary>Random records written by a simple reference writer must read back exactly, whatever the buffer size.</summary>
public class CsvReaderRoundTripTests
{
    private const string Alphabet = "ab ,\"\n\r1É";

    [Theory]
    [InlineData(16, 1)]
    [InlineData(37, 2)]
    [InlineData(1 << 16, 3)]
    public void Read_RandomQuotedRecords_RoundTripWithPhysicalLineNumbers(int bufferChars, int seed)
    {
        var random = new Random(seed);
        var records = new List<string[]>();
        var text = new StringBuilder();
        var lines = new List<long>();
        long line = 1;
        for (var r = 0; r < 300; r++)
        {
            var fields = new string[random.Next(1, 6)];
            for (var f = 0; f < fields.Length; f++)
            {
                var chars = new char[random.Next(0, 8)];
                for (var c = 0; c < chars.Length; c++) chars[c] = Alphabet[random.Next(Alphabet.Length)];
                fields[f] = new string(chars);
            }
            if (fields.All(f => f.Length == 0)) fields[0] = "x"; // an all-empty single field would be a skipped blank line
            records.Add(fields);
            lines.Add(line);
            text.Append(string.Join(",", fields.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
            text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
            line += 1 + fields.Sum(f => f.Count(ch => ch == '\n'));
        }

        using var csv = new CsvReader(new MemoryStream(Encoding.Latin1.GetBytes(text.ToString())), "r.csv", bufferChars);
        for (var r = 0; r < records.Count; r++)
        {
            Assert.True(csv.Read());
            Assert.Equal(lines[r], csv.LineNumber);
            Assert.Equal(records[r].Length, csv.FieldCount);
            for (var f = 0; f < records[r].Length; f++) Assert.Equal(records[r][f], csv.GetString(f));
        }
        Assert.False(csv.Read());
    }
}
