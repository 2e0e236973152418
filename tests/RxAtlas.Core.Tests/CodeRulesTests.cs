using RxAtlas.Core;

namespace RxAtlas.Core.Tests;

public class CodeRulesTests
{
    [Theory]
    [InlineData("0101010G0AAABAB", true)]
    [InlineData("20031000015", true)]
    [InlineData("0101010G0AAABA", false)]
    [InlineData("0101010g0AAABAB", false)]
    [InlineData("0101010G0AAAB-B", false)]
    public void Presentation_Is15Or11LettersAndDigits(string code, bool valid) =>
        Assert.Equal(valid, BnfCode.IsValidPresentation(code));

    [Theory]
    [InlineData("1", BnfLevel.Chapter, "01")]
    [InlineData("101", BnfLevel.Section, "0101")]
    [InlineData("101010", BnfLevel.Subparagraph, "0101010")]
    [InlineData("0101010A0", BnfLevel.Chemical, "0101010A0")]
    public void PadLevelCode_RestoresLeadingZeros(string raw, BnfLevel level, string expected) =>
        Assert.Equal(expected, BnfCode.PadLevelCode(raw, level));

    [Theory]
    [InlineData("-", true)]
    [InlineData("36J998", true)]
    [InlineData("N81002", false)]
    public void UnidentifiedPrescribers_AreRecognised(string code, bool unidentified) =>
        Assert.Equal(unidentified, PracticeCode.IsUnidentified(code));

    [Theory]
    [InlineData("ts5  8sb ", "TS5 8SB")]
    [InlineData("EX165BL", "EX16 5BL")]
    [InlineData("  ", null)]
    public void Postcode_Normalises(string raw, string? expected) =>
        Assert.Equal(expected, Postcode.Normalise(raw));
}
