using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Reads a postcode lookup CSV with header <c>postcode,county,region,longitude,latitude</c>, mapped by header name
/// (the original project swapped county and region by position; names avoid that).</summary>
public static class PostcodeLookupReader
{
    public static IEnumerable<PostcodeLocation> Read(string path) => Read(SourceFile.Open(path));

    /// <exception cref="DataFormatException">An empty file, a header without postcode/longitude/latitude, or a bad coordinate.</exception>
    public static IEnumerable<PostcodeLocation> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var csv = file.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(file.DisplayName, 0, null, "the file is empty; expected a header postcode,county,region,longitude,latitude");
        var header = new CsvHeader(csv);
        var columns = new Columns(
            header.Require(file.DisplayName, "postcode"),
            header.Find("county"),
            header.Find("region"),
            header.Require(file.DisplayName, "longitude"),
            header.Require(file.DisplayName, "latitude"),
            header);
        while (csv.Read())
        {
            if (csv.IsBlankRecord) continue;
            FieldParser.RequireFieldCount(csv, header.Count);
            if (ParseRow(csv, columns) is { } location) yield return location;
        }
    }

    private static PostcodeLocation? ParseRow(CsvReader csv, Columns c)
    {
        var postcode = Postcode.Normalise(FieldParser.Text(csv, c.Postcode));
        if (postcode is null) return null;
        return new PostcodeLocation(
            postcode,
            FieldParser.Degrees(csv, c.Latitude, c.Header.Names[c.Latitude]),
            FieldParser.Degrees(csv, c.Longitude, c.Header.Names[c.Longitude]),
            County: FieldParser.Text(csv, c.County),
            RegionName: FieldParser.Text(csv, c.Region));
    }

    private sealed record Columns(int Postcode, int County, int Region, int Longitude, int Latitude, CsvHeader Header);
}
