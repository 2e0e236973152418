using System.Globalization;
using System.Text.Json;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes the practice-level reference files: the original project's postcode lookup CSV, an ODS epraccur file and a
/// postcodes.io bulk response.</summary>
internal static class PracticeReferenceWriters
{
    public const string PostcodeLookupFileName = "postcode_lookup.csv";
    public const string EpraccurFileName = "epraccur.csv";
    public const string PostcodesIoFileName = "postcodes_io_bulk.json";
    public const string PostcodeLookupHeader = "postcode,county,region,longitude,latitude";

    /// <summary>One practice per distinct postcode (the first in code order), sorted by postcode.</summary>
    public static IReadOnlyList<Practice> ByPostcode(IEnumerable<Practice> practices) =>
        practices.Where(p => p.Kind == PracticeKind.Regular && p.Postcode.Length > 0)
            .GroupBy(p => p.Postcode, StringComparer.Ordinal)
            .Select(g => g.OrderBy(p => p.Code, StringComparer.Ordinal).First())
            .OrderBy(p => p.Postcode, StringComparer.Ordinal)
            .ToList();

    /// <summary><c>postcode,county,region,longitude,latitude</c> for every postcode that has coordinates; returns the row count.</summary>
    public static int WritePostcodeLookup(TextWriter writer, IReadOnlyList<Practice> byPostcode)
    {
        writer.Write(PostcodeLookupHeader + "\n");
        var rows = 0;
        foreach (var p in byPostcode.Where(p => p.HasCoordinates))
        {
            var county = p.County.Length > 0 ? p.County : p.Home.County;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{p.Postcode},{county},{p.Home.OnsRegion},{p.Longitude:0.000000},{p.Latitude:0.000000}\n"));
            rows++;
        }
        return rows;
    }

    /// <summary>ODS epraccur: 27 double-quoted columns, no header, CRLF; closed practices have status C and a close date.</summary>
    public static int WriteEpraccur(TextWriter writer, IEnumerable<Practice> practices)
    {
        var rows = 0;
        foreach (var p in practices.Where(p => p.Kind is PracticeKind.Regular or PracticeKind.NoAddress).OrderBy(p => p.Code, StringComparer.Ordinal))
        {
            var open = p.ActiveFrom == 200001 ? $"19{74 + (int)(p.Hash % 25)}0401" : $"{p.ActiveFrom}01";
            var closed = p.ActiveTo < 299912;
            var close = closed ? $"{p.ActiveTo}28" : "";
            var phone = p.Kind == PracticeKind.Regular ? $"0{1000 + (int)(p.Hash % 9000)} {100000 + (int)(p.Hash / 9000 % 900000)}" : "";
            string[] fields =
            [
                p.Code, p.Name, p.Home.Region.Code, p.Home.Icb.Code, p.Address1, p.Address2, "", p.Town, p.County, p.Postcode,
                open, close, closed ? "C" : "A", "B", p.Home.SubIcb, open, close, phone, "", "", "", "0", "", p.Home.SubIcb, "", "4", "",
            ];
            writer.Write(string.Join(",", fields.Select(f => "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
            writer.Write("\r\n");
            rows++;
        }
        return rows;
    }

    /// <summary>A postcodes.io bulk response (<c>{"status":200,"result":[{"query","result"}]}</c>) for every practice postcode;
    /// <c>result</c> is null for those without coordinates.</summary>
    public static void WritePostcodesIo(Stream stream, IReadOnlyList<Practice> byPostcode)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("status", 200);
        json.WriteStartArray("result");
        foreach (var p in byPostcode)
        {
            json.WriteStartObject();
            json.WriteString("query", p.Postcode);
            if (!p.HasCoordinates)
            {
                json.WriteNull("result");
                json.WriteEndObject();
                continue;
            }
            var town = p.Home;
            var outcode = p.Postcode[..p.Postcode.IndexOf(' ', StringComparison.Ordinal)];
            var code = (int)(p.Hash % 900) + 100;
            json.WriteStartObject("result");
            json.WriteString("postcode", p.Postcode);
            json.WriteNumber("quality", 1);
            json.WriteNumber("eastings", (long)Math.Round(400_000 + (p.Longitude + 2) * 111_320 * Math.Cos(p.Latitude * Math.PI / 180)));
            json.WriteNumber("northings", (long)Math.Round((p.Latitude - 49) * 111_200 - 100_000));
            json.WriteString("country", "England");
            json.WriteString("nhs_ha", town.OnsRegion);
            json.WriteNumber("longitude", p.Longitude);
            json.WriteNumber("latitude", p.Latitude);
            json.WriteString("european_electoral_region", town.OnsRegion);
            json.WriteString("primary_care_trust", Title(town.Name));
            json.WriteString("region", town.OnsRegion);
            json.WriteString("lsoa", $"{Title(town.Name)} {code % 40:D3}{(char)('A' + code % 5)}");
            json.WriteString("msoa", $"{Title(town.Name)} {code % 40:D3}");
            json.WriteString("incode", p.Postcode[(outcode.Length + 1)..]);
            json.WriteString("outcode", outcode);
            json.WriteString("parliamentary_constituency", Title(town.Name) + " Central");
            json.WriteString("admin_district", Title(town.Name));
            json.WriteString("parish", Title(town.Name) + ", unparished area");
            if (p.County.Length > 0) json.WriteString("admin_county", Title(p.County)); else json.WriteNull("admin_county");
            json.WriteString("admin_ward", Title(p.Address2.Length > 0 ? p.Address2 : town.Name));
            json.WriteNull("ced");
            json.WriteString("ccg", town.SubIcbName.Replace(" CCG", "", StringComparison.Ordinal));
            json.WriteString("nuts", Title(town.Name));
            json.WriteStartObject("codes");
            json.WriteString("admin_district", $"E08000{code % 100:D3}");
            json.WriteString("admin_county", "E99999999");
            json.WriteString("admin_ward", $"E05{code:D6}");
            json.WriteString("parish", $"E43{code:D6}");
            json.WriteString("parliamentary_constituency", $"E14000{code % 1000:D3}");
            json.WriteString("ccg", $"E38000{code % 1000:D3}");
            json.WriteString("ccg_id", town.SubIcb);
            json.WriteString("ced", "E99999999");
            json.WriteString("nuts", $"TLE{code % 10}{code % 7}");
            json.WriteString("lsoa", $"E01{code * 31:D6}");
            json.WriteString("msoa", $"E02{code * 7:D6}");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Title(string upper) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(upper.ToLowerInvariant());
}
