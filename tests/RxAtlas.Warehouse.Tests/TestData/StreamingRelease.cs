using RxAtlas.Core;

namespace RxAtlas.Warehouse.Tests.TestData;

/// <summary>A release whose rows are produced lazily while the load streams them, so side effects happen mid-load.</summary>
public sealed class StreamingRelease(YearMonth month, IEnumerable<PrescribingRow> rows) : IMonthRelease
{
    public YearMonth Month => month;

    public string Description => "streaming";

    public IEnumerable<PrescribingRow> ReadPrescribing() => rows;

    public SourceTotals Totals { get; init; } = SourceTotals.Empty;

    public IReadOnlyCollection<PracticeRecord> Practices { get; init; } = [];

    public IReadOnlyCollection<BnfRecord> Bnf => [];

    public IReadOnlyCollection<PostcodeLocation> Postcodes => [];
}
