namespace RxAtlas.Core;

/// <summary>The seven levels of the BNF hierarchy; each value is the length of that level's code.</summary>
public enum BnfLevel
{
    Chapter = 2,
    Section = 4,
    Paragraph = 6,
    Subparagraph = 7,
    Chemical = 9,
    Product = 11,
    Presentation = 15,
}
