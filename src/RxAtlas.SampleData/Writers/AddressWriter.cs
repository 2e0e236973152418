using RxAtlas.Core;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes <c>T{YYYYMM}ADDR BNFT.csv</c>: no header; PERIOD, CODE, NAME, ADDR1, ADDR2, ADDR3, COUNTY, POSTCODE.
/// Padded era: CRLF, name to 40, address fields to 25, postcode to 8, trailing comma (9 fields). Clean era: LF, 8 fields.</summary>
internal static class AddressWriter
{
    public static string FileName(YearMonth month) => $"T{month.Key}ADDR BNFT.csv";

    /// <summary>Writes one line per practice; returns the number of lines.</summary>
    public static int Write(TextWriter writer, YearMonth month, bool padded, IEnumerable<Practice> practices)
    {
        var line = new LineBuilder();
        var rows = 0;
        var period = month.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var p in practices)
        {
            if (p.IsUnidentified) continue;
            line.Clear();
            line.Append(period);
            line.Append(',');
            line.Append(p.Code);
            line.Append(',');
            if (padded)
            {
                line.AppendPadded(p.PdpiName, 40);
                foreach (var field in new[] { p.Address1, p.Address2, p.Town, p.County })
                {
                    line.Append(',');
                    line.AppendPadded(field, 25);
                }
                line.Append(',');
                line.AppendPadded(p.Postcode, 8);
                line.Append(",\r\n");
            }
            else
            {
                line.Append(p.PdpiName);
                foreach (var field in new[] { p.Address1, p.Address2, p.Town, p.County, p.Postcode })
                {
                    line.Append(',');
                    line.Append(field);
                }
                line.Append('\n');
            }
            line.WriteTo(writer);
            rows++;
        }
        return rows;
    }
}
