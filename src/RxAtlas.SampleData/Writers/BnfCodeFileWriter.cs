using System.Globalization;
using RxAtlas.Core;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes the BNF Code Information file in the historic 14-column layout (with <c>DUMMY …</c> placeholder levels)
/// or the current-year 15-column layout (missing levels repeat their parent). Codes flagged
/// <see cref="Presentation.InCodeFile"/> = false are left out, as withdrawn codes are in real files.</summary>
internal static class BnfCodeFileWriter
{
    public const string HistoricHeader = "BNF Chapter,BNF Chapter Code,BNF Section,BNF Section Code,BNF Paragraph,BNF Paragraph Code,"
        + "BNF Subparagraph,BNF Subparagraph Code,BNF Chemical Substance,BNF Chemical Substance Code,BNF Product,BNF Product Code,"
        + "BNF Presentation,BNF Presentation Code";

    public const string CurrentHeader = "YEAR_MONTH,BNF_CHAPTER,BNF_CHAPTER_CODE,BNF_SECTION,BNF_SECTION_CODE,BNF_PARAGRAPH,BNF_PARAGRAPH_CODE,"
        + "BNF_SUBPARAGRAPH,BNF_SUBPARAGRAPH_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_CHEMICAL_SUBSTANCE_CODE,BNF_PRODUCT,BNF_PRODUCT_CODE,"
        + "BNF_PRESENTATION,BNF_PRESENTATION_CODE";

    /// <summary>Real-looking file name for a release dated <paramref name="month"/>.</summary>
    public static string FileName(BnfCodeFileLayout layout, YearMonth month)
    {
        if (layout == BnfCodeFileLayout.CurrentYear) return $"BNF_CODE_CURRENT_{month.Key}_VERSION_88.csv";
        var day = month.FirstDay;
        var epochMs = new DateTimeOffset(day.Year, day.Month, day.Day, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}_{epochMs}_BNF_Code_Information.csv");
    }

    /// <summary>Writes the file; returns the number of data rows.</summary>
    public static int Write(TextWriter writer, BnfCodeFileLayout layout, YearMonth month, IReadOnlyList<Presentation> catalogue)
    {
        var historic = layout == BnfCodeFileLayout.Historic;
        var newLine = historic ? "\r\n" : "\n";
        writer.Write(historic ? HistoricHeader : CurrentHeader);
        writer.Write(newLine);
        var line = new LineBuilder();
        var rows = 0;
        foreach (var p in catalogue)
        {
            if (!p.InCodeFile) continue;
            var c = p.Chemical;
            var s = c.Section;
            var chapterName = BnfStructure.Chapters[s.ChapterCode];
            string[] fields;
            if (historic)
            {
                fields = p.IsAppliance
                    ? [chapterName, s.ChapterCode, s.Name, s.Code, "DUMMY PARAGRAPH " + c.ParagraphCode, c.ParagraphCode,
                        "DUMMY SUB-PARAGRAPH " + c.SubparagraphCode, c.SubparagraphCode, "DUMMY CHEMICAL SUBSTANCE " + c.Code, c.Code,
                        "DUMMY PRODUCT " + p.ProductCode, p.ProductCode, p.LegacyName, p.Code]
                    : [chapterName, s.ChapterCode, s.Name, s.Code, c.ParagraphName, c.ParagraphCode, c.SubparagraphName, c.SubparagraphCode,
                        c.Name, c.Code, p.ProductLegacyName, p.ProductCode, p.LegacyName, p.Code];
            }
            else
            {
                fields = p.IsAppliance
                    ? [month.ToString(), chapterName, s.ChapterCode, s.Name, s.Code, s.Name, s.Code, s.Name, s.Code, s.Name, s.Code,
                        p.DmdName, p.Code, p.DmdName, p.Code]
                    : [month.ToString(), chapterName, s.ChapterCode, s.Name, s.Code, c.ParagraphName, c.ParagraphCode, c.SubparagraphName,
                        c.SubparagraphCode, c.Name, c.Code, p.ProductDmdName, p.ProductCode, p.DmdName, p.Code];
            }
            line.Clear();
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.AppendField(fields[i]);
            }
            line.Append(newLine);
            line.WriteTo(writer);
            rows++;
        }
        return rows;
    }
}
