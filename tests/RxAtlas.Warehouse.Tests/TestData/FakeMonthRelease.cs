using RxAtlas.Core;

namespace RxAtlas.Warehouse.Tests.TestData;

/// <summary>An in-memory <see cref="IMonthRelease"/>: rows, reference data, and knobs to fail mid-stream or lie about totals.</summary>
public sealed class FakeMonthRelease(YearMonth month, IReadOnlyList<PrescribingRow> rows) : IMonthRelease
{
    public YearMonth Month { get; } = month;

    public string Description { get; init; } = $"fake {month}";

    public string Dataset { get; init; } = "fake";

    public IReadOnlyList<PrescribingRow> Rows { get; } = rows;

    /// <summary>When set, the stream throws a <see cref="DataFormatException"/> after yielding this many rows.</summary>
    public int? ThrowAfterRows { get; init; }

    /// <summary>When set, reported instead of the true totals (to make a reconciliation check fail).</summary>
    public SourceTotals? TotalsOverride { get; init; }

    public IReadOnlyCollection<PracticeRecord> Practices { get; init; } = [];

    public IReadOnlyCollection<BnfRecord> Bnf { get; init; } = [];

    public IReadOnlyCollection<PostcodeLocation> Postcodes { get; init; } = [];

    /// <summary>Rows the release codes in memory before spilling the rest to a file (<see cref="ReadCoded"/>).</summary>
    public long RowsInMemory { get; init; } = Core.Coding.CodedPrescribing.DefaultRowsInMemory;

    public Core.Coding.CodedPrescribing ReadCoded(IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default) =>
        Core.Coding.CodedPrescribing.FromRows(ReadPrescribing(), rowsRead, cancellationToken: cancellationToken, rowsInMemory: RowsInMemory);

    public SourceTotals Totals => TotalsOverride ?? Rows.Aggregate(SourceTotals.Empty, (t, r) => t.Add(r));

    public IEnumerable<PrescribingRow> ReadPrescribing()
    {
        var line = 1;
        foreach (var row in Rows)
        {
            if (ThrowAfterRows is { } limit && line > limit)
                throw new DataFormatException("fake.csv", line + 1, "NIC", "expected a decimal number, found 'abc'");
            line++;
            yield return row;
        }
    }
}
