namespace RxAtlas.Core;

/// <summary>Rules for BNF codes: 15 letters and digits for drugs, 11 for appliances (chapters 20–23).</summary>
public static class BnfCode
{
    public const int DrugLength = 15;
    public const int ApplianceLength = 11;

    /// <summary>The levels in order from chapter to presentation.</summary>
    public static IReadOnlyList<BnfLevel> Levels { get; } =
        [BnfLevel.Chapter, BnfLevel.Section, BnfLevel.Paragraph, BnfLevel.Subparagraph, BnfLevel.Chemical, BnfLevel.Product, BnfLevel.Presentation];

    /// <summary>True for a 15-character drug or 11-character appliance presentation code of upper-case letters and digits.</summary>
    public static bool IsValidPresentation(ReadOnlySpan<char> code) =>
        code.Length is DrugLength or ApplianceLength && IsAlphanumeric(code);

    /// <summary>True for a code prefix at any level (1 to 15 letters and digits) — what a BNF filter accepts.</summary>
    public static bool IsValidPrefix(ReadOnlySpan<char> prefix) =>
        prefix.Length is >= 1 and <= DrugLength && IsAlphanumeric(prefix);

    public static bool IsAppliance(ReadOnlySpan<char> code) => code.Length == ApplianceLength;

    /// <summary>The code of <paramref name="level"/> that contains <paramref name="presentation"/>.
    /// For appliances (11 characters) the product and presentation are the code itself.</summary>
    public static string LevelCode(string presentation, BnfLevel level)
    {
        var length = Math.Min((int)level, presentation.Length);
        return length == presentation.Length ? presentation : presentation[..length];
    }

    /// <summary>The most specific level a prefix of this length names, or null when the length is not a level boundary.</summary>
    public static BnfLevel? LevelOfLength(int length) => length switch
    {
        2 => BnfLevel.Chapter,
        4 => BnfLevel.Section,
        6 => BnfLevel.Paragraph,
        7 => BnfLevel.Subparagraph,
        9 => BnfLevel.Chemical,
        11 => BnfLevel.Product,
        15 => BnfLevel.Presentation,
        _ => null,
    };

    /// <summary>The level below <paramref name="level"/>, or null at presentation level.</summary>
    public static BnfLevel? Child(BnfLevel level) => level switch
    {
        BnfLevel.Chapter => BnfLevel.Section,
        BnfLevel.Section => BnfLevel.Paragraph,
        BnfLevel.Paragraph => BnfLevel.Subparagraph,
        BnfLevel.Subparagraph => BnfLevel.Chemical,
        BnfLevel.Chemical => BnfLevel.Product,
        BnfLevel.Product => BnfLevel.Presentation,
        _ => null,
    };

    /// <summary>Left-pads a numeric-looking level code that a spreadsheet turned into a number (1 → "01", 101 → "0101").</summary>
    public static string PadLevelCode(string code, BnfLevel level)
    {
        var trimmed = code.Trim();
        var width = (int)level;
        return trimmed.Length < width && trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit)
            ? trimmed.PadLeft(width, '0')
            : trimmed;
    }

    private static bool IsAlphanumeric(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c)) return false;
        }
        return true;
    }
}
