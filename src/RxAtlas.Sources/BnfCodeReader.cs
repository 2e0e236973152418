using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Reads NHSBSA BNF Code Information files: the old spaced-header layout (<c>BNF Chapter, BNF Chapter Code, …</c>,
/// 14 columns) and the 2025 layout (<c>YEAR_MONTH, BNF_CHAPTER, BNF_CHAPTER_CODE, …</c>, 15 columns), by header name.</summary>
/// <remarks>
/// Placeholder levels become null, code and name: old files name them <c>DUMMY …</c>; new files repeat the parent level's
/// code and name (a level whose code equals its parent's is a placeholder). Codes are read as text and numeric-looking
/// ones left-padded (a spreadsheet's <c>101</c> → <c>0101</c>). Fully blank rows are skipped.
/// </remarks>
public static class BnfCodeReader
{
    private static readonly (BnfLevel Level, string Old, string New)[] LevelNames =
    [
        (BnfLevel.Chapter, "BNF Chapter", "BNF_CHAPTER"),
        (BnfLevel.Section, "BNF Section", "BNF_SECTION"),
        (BnfLevel.Paragraph, "BNF Paragraph", "BNF_PARAGRAPH"),
        (BnfLevel.Subparagraph, "BNF Subparagraph", "BNF_SUBPARAGRAPH"),
        (BnfLevel.Chemical, "BNF Chemical Substance", "BNF_CHEMICAL_SUBSTANCE"),
        (BnfLevel.Product, "BNF Product", "BNF_PRODUCT"),
        (BnfLevel.Presentation, "BNF Presentation", "BNF_PRESENTATION"),
    ];

    public static IEnumerable<BnfRecord> Read(string path) => Read(SourceFile.Open(path));

    /// <exception cref="DataFormatException">An empty file, a header missing a level, a wrong field count or a bad presentation code.</exception>
    public static IEnumerable<BnfRecord> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var csv = file.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(file.DisplayName, 0, null, "the file is empty; expected a BNF Code Information header");
        var header = new CsvHeader(csv);
        var isNew = header.Has("BNF_PRESENTATION_CODE");
        var names = new int[LevelNames.Length];
        var codes = new int[LevelNames.Length];
        for (var i = 0; i < LevelNames.Length; i++)
        {
            var name = isNew ? LevelNames[i].New : LevelNames[i].Old;
            names[i] = header.Require(file.DisplayName, name);
            codes[i] = header.Require(file.DisplayName, isNew ? name + "_CODE" : name + " Code");
        }
        var pool = new StringPool();
        while (csv.Read())
        {
            if (csv.IsBlankRecord) continue;
            FieldParser.RequireFieldCount(csv, header.Count);
            yield return ParseRow(csv, header, names, codes, pool);
        }
    }

    private static BnfRecord ParseRow(CsvReader csv, CsvHeader header, int[] names, int[] codes, StringPool pool)
    {
        var levels = LevelNames.Length;
        var levelCode = new string?[levels];
        var levelName = new string?[levels];
        var repeatsParent = new bool[levels];
        for (var i = 0; i < levels; i++)
        {
            var raw = csv[codes[i]];
            // Compare raw text: a repeated section code "2002" must not be padded into a paragraph code "002002" first.
            repeatsParent[i] = i > 0 && !raw.IsEmpty && raw.SequenceEqual(csv[codes[i - 1]]);
            // Spreadsheets turned only the all-digit upper levels into numbers; appliance codes (all digits) are never padded.
            var level = LevelNames[i].Level;
            levelCode[i] = raw.IsEmpty ? null : level <= BnfLevel.Subparagraph ? BnfCode.PadLevelCode(raw.ToString(), level) : raw.ToString();
            levelName[i] = FieldParser.Text(csv, names[i], pool);
        }
        var presentation = levelCode[levels - 1] ?? "";
        FieldParser.RequireBnfCode(csv, presentation, header.Names[codes[levels - 1]]);
        // Placeholders (never the presentation itself: an appliance's product code is its presentation code).
        for (var i = 0; i < levels - 1; i++)
        {
            var placeholder = repeatsParent[i] || levelName[i] is { } n && n.StartsWith("DUMMY ", StringComparison.OrdinalIgnoreCase);
            if (placeholder)
            {
                levelCode[i] = null;
                levelName[i] = null;
            }
        }
        for (var i = 0; i < levels - 1; i++)
        {
            if (levelCode[i] is { } code) levelCode[i] = pool.Get(code);
        }
        return new BnfRecord(
            presentation, levelName[6],
            levelCode[5], levelName[5],
            levelCode[4], levelName[4],
            levelCode[3], levelName[3],
            levelCode[2], levelName[2],
            levelCode[1], levelName[1],
            levelCode[0], levelName[0]);
    }
}
