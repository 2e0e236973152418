namespace RxAtlas.Core;

/// <summary>Reference data loaded on its own (a BNF code file, a postcode lookup, an ODS file), upserted into the dimensions.</summary>
public sealed record ReferenceData(
    IReadOnlyCollection<PracticeRecord> Practices,
    IReadOnlyCollection<BnfRecord> Bnf,
    IReadOnlyCollection<PostcodeLocation> Postcodes)
{
    public static ReferenceData Empty { get; } = new([], [], []);
}
