using RxAtlas.Core;

namespace RxAtlas.Sources;

/// <summary>A month whose files could not be taken as a release (two prescribing files for it, an archive that cannot be
/// opened): reading it throws the problem, so the month fails on its own while the other months load.</summary>
public sealed class UnreadableRelease(YearMonth month, string description, DataFormatException problem) : IMonthRelease
{
    public YearMonth Month { get; } = month;

    public string Description { get; } = description;

    /// <summary>Why the month cannot be read.</summary>
    public DataFormatException Problem { get; } = problem;

    public IEnumerable<PrescribingRow> ReadPrescribing() => throw Problem;

    public SourceTotals Totals => throw Problem;

    public IReadOnlyCollection<PracticeRecord> Practices => throw Problem;

    public IReadOnlyCollection<BnfRecord> Bnf => throw Problem;

    public IReadOnlyCollection<PostcodeLocation> Postcodes => throw Problem;
}
