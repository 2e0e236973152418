using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Reads ODS <c>epraccur.csv</c> (27 quoted columns, no header) into practice records.</summary>
/// <remarks>Column 0 code, 1 name, 2 NHS England region, 3 ICB (high-level health geography), 4–8 address lines,
/// 9 postcode, 12 status, 14 commissioner (sub-ICB; column 23 when blank), 25 prescribing setting. The file names no region,
/// so a region code is named from <see cref="NhsRegion"/>.</remarks>
public static class EpraccurReader
{
    public const int FieldCount = 27;
    private static readonly int[] AddressFields = [4, 5, 6, 7, 8];

    public static IEnumerable<PracticeRecord> Read(string path) => Read(SourceFile.Open(path));

    /// <exception cref="DataFormatException">An empty file, a line without 27 fields, or a bad practice code.</exception>
    public static IEnumerable<PracticeRecord> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var csv = file.OpenCsv();
        var any = false;
        while (csv.Read())
        {
            any = true;
            yield return ParseRow(csv);
        }
        if (!any) throw new DataFormatException(file.DisplayName, 0, null, "the file is empty; expected epraccur rows");
    }

    private static PracticeRecord ParseRow(CsvReader csv)
    {
        FieldParser.RequireFieldCount(csv, FieldCount);
        FieldParser.RequirePracticeCode(csv, csv[0], "0 (organisation code)");
        var region = FieldParser.Text(csv, 2);
        return new PracticeRecord(
            csv.GetString(0),
            FieldParser.Text(csv, 1),
            FieldParser.JoinNonBlank(csv, AddressFields),
            Postcode.Normalise(FieldParser.Text(csv, 9)),
            RegionCode: region,
            RegionName: NhsRegion.NameOf(region),
            IcbCode: FieldParser.Text(csv, 3),
            SubIcbCode: FieldParser.Text(csv, 14) ?? FieldParser.Text(csv, 23),
            Setting: FieldParser.Text(csv, 25),
            Status: FieldParser.Text(csv, 12));
    }
}
