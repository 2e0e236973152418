using System.Globalization;
using RxAtlas.Core;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes the practice map NHS Digital publishes beside the list sizes, <c>gp-reg-pat-prac-map.csv</c>, in the 2026
/// column layout: one row per practice of the month's list-size file, with its PCN, sub-ICB location, ICB and commissioning
/// region, codes and names (the codes match epraccur's), CRLF. Names with commas are quoted.</summary>
internal static class PracticeMapWriter
{
    public const string FileName = "gp-reg-pat-prac-map.csv";
    public const string Header =
        "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_SUB_ICB_LOCATION_CODE," +
        "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE," +
        "COMM_REGION_NAME,SUPPLIER_NAME";

    /// <summary>Writes the month's map for the practices in <paramref name="sizes"/>; returns the rows written.</summary>
    public static int Write(TextWriter writer, IReadOnlyList<Practice> practices, IReadOnlyList<PracticeListSize> sizes, YearMonth month)
    {
        var byCode = practices.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var extract = new DateTime(month.Year, month.Month, 1).ToString("dd-MMM-yy", CultureInfo.InvariantCulture);
        writer.Write(Header + "\r\n");
        foreach (var size in sizes)
        {
            var p = byCode[size.PracticeCode];
            var town = p.Home;
            var pcn = (int)(p.Hash % 4) + 1;
            string[] fields =
            [
                "GP_PRAC_PAT_LIST", extract, p.Code, p.Name, p.Postcode,
                $"U{Digits(town.SubIcb)[2..]}{pcn}",
                $"{town.Name} PCN {pcn}",
                string.Create(CultureInfo.InvariantCulture, $"E38{p.Hash % 1_000_000:D6}"), town.SubIcb, town.SubIcbName,
                "E54" + Digits(town.Icb.Code), town.Icb.Code, town.Icb.Name,
                "E40" + Digits(town.Region.Code), town.Region.Code, town.Region.Name,
                p.Hash % 3 == 0 ? "TPP" : "EMIS",
            ];
            writer.Write(string.Join(",", fields.Select(Quote)));
            writer.Write("\r\n");
        }
        return sizes.Count;
    }

    /// <summary>A stable six-digit number for an ODS code (the same in every run), for the made-up ONS and PCN codes.</summary>
    private static string Digits(string code) =>
        (code.Aggregate(17, (h, c) => (h * 31 + c) % 1_000_000)).ToString("D6", CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
