using RxAtlas.Core;

namespace RxAtlas.Pipeline.Tests.Support;

/// <summary>A month of prescribing rows in memory; can be told to fail at a line like a corrupt file.</summary>
internal sealed class FakeRelease(YearMonth month, int rows, long? corruptLine = null) : IMonthRelease
{
    private SourceTotals _totals = SourceTotals.Empty;

    public YearMonth Month => month;

    public string Description => $"T{month.Key}PDPI BNFT.csv";

    public int Reads { get; private set; }

    public IEnumerable<PrescribingRow> ReadPrescribing()
    {
        Reads++;
        for (var line = 2; line < rows + 2; line++)
        {
            if (line == corruptLine) throw new DataFormatException(Description, line, "ITEMS", "expected a whole number, found 'x'");
            var row = new PrescribingRow("A81001", "0101010G0AAABAB", 1, 1000, 150, 140_00000);
            _totals = _totals.Add(row);
            yield return row;
        }
    }

    public SourceTotals Totals => _totals;

    public IReadOnlyCollection<PracticeRecord> Practices => [];

    public IReadOnlyCollection<BnfRecord> Bnf => [];

    public IReadOnlyCollection<PostcodeLocation> Postcodes => [];
}
