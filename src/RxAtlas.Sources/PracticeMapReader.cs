using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Reads the practice map NHS Digital publishes with "Patients Registered at a GP Practice",
/// <c>gp-reg-pat-prac-map.csv</c>: each practice's sub-ICB location, ICB and commissioning region, codes and names — the
/// names epraccur lacks. Columns are found by name: the 2026 layout (<c>PRACTICE_CODE</c>, <c>SUB_ICB_LOCATION_CODE</c>,
/// <c>SUB_ICB_LOCATION_NAME</c>, <c>ICB_CODE</c>, <c>ICB_NAME</c>, <c>COMM_REGION_CODE</c>, <c>COMM_REGION_NAME</c>, …) or
/// the older one's <c>CCG_*</c> and <c>STP_*</c> columns.</summary>
public static class PracticeMapReader
{
    public static IReadOnlyList<PracticeRecord> Read(string path) => Read(SourceFile.Open(path));

    /// <exception cref="DataFormatException">No header or no <c>PRACTICE_CODE</c> column, a truncated row, a bad practice code.</exception>
    public static IReadOnlyList<PracticeRecord> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = file.DisplayName;
        using var csv = file.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(name, 1, null, "the file is empty; expected a header row.");
        var header = new CsvHeader(csv);
        var code = header.Require(name, "PRACTICE_CODE");
        var columns = new[]
        {
            header.Find("PRACTICE_NAME"), header.Find("PRACTICE_POSTCODE", "POSTCODE"),
            header.Find("COMM_REGION_CODE"), header.Find("COMM_REGION_NAME"),
            header.Find("ICB_CODE", "STP_CODE"), header.Find("ICB_NAME", "STP_NAME"),
            header.Find("SUB_ICB_LOCATION_CODE", "CCG_CODE"), header.Find("SUB_ICB_LOCATION_NAME", "CCG_NAME"),
        };
        var last = Math.Max(code, columns.Max());
        var practices = new List<PracticeRecord>();
        while (csv.Read())
        {
            if (csv.IsBlankRecord) continue;
            if (csv.FieldCount <= last)
            {
                throw new DataFormatException(name, csv.LineNumber, header.Names[last],
                    $"the row has {csv.FieldCount} fields and stops before {header.Names[last]} (field {last + 1}): a truncated line?");
            }
            FieldParser.RequirePracticeCode(csv, csv[code], "PRACTICE_CODE");
            string? Text(int i) => FieldParser.Text(csv, columns[i]);
            practices.Add(new PracticeRecord(
                csv.GetString(code),
                Text(0),
                null,
                Postcode.Normalise(Text(1)),
                RegionCode: Text(2),
                RegionName: Text(3),
                IcbCode: Text(4),
                IcbName: Text(5),
                SubIcbCode: Text(6),
                SubIcbName: Text(7)));
        }
        return practices;
    }
}
