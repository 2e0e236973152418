using System.Globalization;
using System.Text;

namespace RxAtlas.Sources.Tests;

/// <summary>Larger prescribing texts than <see cref="Fixtures"/>: many rows, codes recurring far apart (so first-seen order
/// and first-row records matter across blocks), and names that differ from row to row for the same code.</summary>
internal static class PrescribingTexts
{
    /// <summary>A clean PDPI month of <paramref name="rows"/> rows; <paramref name="edit"/> may rewrite row <c>i</c> (0-based),
    /// which is on line <c>i + 2</c>.</summary>
    public static string PdpiClean(int rows, string period = "201911", Func<int, string, string>? edit = null)
    {
        var text = new StringBuilder(Fixtures.PdpiCleanHeader).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"Q44,01C,{Practice(i)},{Bnf(i)},Name {i},{i % 7},{i % 100}.{i % 10}5,{i % 90}.{i % 10}0125,{i * 3 % 1000}.5,{period}");
            text.Append(edit is null ? line : edit(i, line)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>An EPD SNOMED month whose practice names are quoted and hold commas, doubled quotes and line breaks, and whose BNF
    /// names carry literal quotes inside unquoted fields.</summary>
    public static string EpdQuoted(int rows, Func<int, string, string>? edit = null)
    {
        var text = new StringBuilder(Fixtures.EpdSnomedHeader).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var name = (i % 3) switch
            {
                0 => $"\"SURGERY {i}, UPSTAIRS\"",
                1 => $"\"THE \"\"OLD\"\" SURGERY\n{i}\"",
                _ => $"  \"PLAIN {i}\"  ",
            };
            var line = string.Create(CultureInfo.InvariantCulture,
                $"202101,NORTH WEST,Y62,AREA,Q47,CCG,00X00,{name},{Practice(i)},\"1 HIGH ST,\nFLOOR {i % 4}\",,,TOWN,PR7 1AA," +
                $"0212000B0,Atorvastatin,{Bnf(i)},Tab 5\" x {i},02: Cardiovascular,28,{i % 5},{i % 50},84,{i % 30}.97,2.{i % 100:D2}512,N,3200{i}");
            text.Append(edit is null ? line : edit(i, line)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Line of row <paramref name="row"/> in <see cref="EpdQuoted"/> (rows with a line break in the name take three lines).</summary>
    public static long EpdQuotedLine(int row)
    {
        long line = 2;
        for (var i = 0; i < row; i++) line += i % 3 == 1 ? 3 : 2;
        return line;
    }

    private static string Practice(int i) => "P" + ((i * 7 + i / 40) % 23).ToString("D5", CultureInfo.InvariantCulture);

    private static string Bnf(int i) => i % 11 == 4
        ? "2122000002" + (i % 3).ToString(CultureInfo.InvariantCulture)
        : "0101010C0AAAA" + (i * 13 % 37).ToString("D2", CultureInfo.InvariantCulture);
}
