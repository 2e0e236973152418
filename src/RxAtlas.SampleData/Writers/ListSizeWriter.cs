using System.Globalization;
using RxAtlas.Core;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes NHS Digital's "Patients Registered at a GP Practice" practice totals, <c>gp-reg-pat-prac-all.csv</c>, in the
/// 2026 column layout: one <c>SEX=ALL, AGE=ALL</c> row per active regular practice, CRLF. About one practice in 23 is left out
/// (as real files miss closed or merged practices), and practices without an address never have one.</summary>
/// <remarks>Sizes are a pure function of the practice and the month, so a month's file does not depend on the range generated.</remarks>
internal static class ListSizeWriter
{
    public const string FileName = "gp-reg-pat-prac-all.csv";
    public const string Folder = "listsize";
    public const string Header =
        "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS";

    /// <summary><c>listsize/YYYY-MM</c> under the output directory (the lake's <c>raw/listsize/YYYY-MM</c> shape).</summary>
    public static string FolderFor(string directory, YearMonth month) => Path.Combine(directory, Folder, month.ToString());

    /// <summary>The practices that have a list size in <paramref name="month"/> and their sizes, in code order.</summary>
    public static IReadOnlyList<PracticeListSize> Sizes(IEnumerable<Practice> practices, YearMonth month) =>
        [.. practices
            .Where(p => p.Kind == PracticeKind.Regular && p.IsActive(month.Key) && p.Hash % 23 != 0)
            .OrderBy(p => p.Code, StringComparer.Ordinal)
            .Select(p => new PracticeListSize(p.Code, month, Patients(p, month)))];

    /// <summary>Writes the month's file; returns the sizes written (the exact truth).</summary>
    public static IReadOnlyList<PracticeListSize> Write(TextWriter writer, IReadOnlyList<Practice> practices, YearMonth month)
    {
        var byCode = practices.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var sizes = Sizes(practices, month);
        var extract = new DateTime(month.Year, month.Month, 1).ToString("dd-MMM-yy", CultureInfo.InvariantCulture);
        writer.Write(Header + "\r\n");
        foreach (var size in sizes)
        {
            var p = byCode[size.PracticeCode];
            var ons = string.Create(CultureInfo.InvariantCulture, $"E38{p.Hash % 1_000_000:D6}");
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"GP_PRAC_PAT_LIST,{extract},GP,{p.Home.SubIcb},{ons},{p.Code},{p.Postcode},ALL,ALL,{size.Patients}\r\n"));
        }
        return sizes;
    }

    /// <summary>About 7,000 patients per unit of prescribing volume, plus a stable offset and a small drift by month.</summary>
    private static int Patients(Practice p, YearMonth month) =>
        (int)Math.Round(p.Size * 7_000) + (int)(p.Hash >> 8) % 400 + month.Month * (int)(p.Hash % 7 + 1) + 11 * (month.Year - 2010);
}
