using RxAtlas.Core;

namespace RxAtlas.Warehouse.Checking;

/// <summary>What a month's fact must reconcile to: the source totals (summed by the reader), the rows staged, and the number of
/// distinct (practice, presentation) keys staged. Recorded in <c>meta.loads</c> so checks can be re-run without the source.</summary>
public sealed record MonthExpectation(SourceTotals Totals, long StagedRows, long DistinctKeys);
