using RxAtlas.Core.Coding;

namespace RxAtlas.Core.Tests.Coding;

public sealed class CodedPrescribingTests
{
    [Fact]
    public void FromRows_keeps_source_order_and_gives_first_seen_ids_across_block_boundaries()
    {
        var count = CodedPrescribing.BlockRows + 5;
        var rows = Enumerable.Range(0, count).Select(i => new PrescribingRow($"P{i % 3}", $"B{i % 7}", i, 2L * i, 3L * i, 4L * i));
        var reports = new List<long>();

        var coded = CodedPrescribing.FromRows(rows, new SyncProgress(reports.Add), progressInterval: 20_000);

        Assert.Equal(count, coded.Count);
        Assert.Equal(["P0", "P1", "P2"], coded.PracticeCodes);
        Assert.Equal(["B0", "B1", "B2", "B3", "B4", "B5", "B6"], coded.BnfCodes);
        Assert.Equal(2, coded.Blocks.Count);
        Assert.Equal(5, coded.Block(1).Length);
        var last = coded[count - 1];
        Assert.Equal(((count - 1) % 3, (count - 1) % 7, count - 1L, 4L * (count - 1)), (last.PracticeId, last.BnfId, last.Items, last.ActualCostE5));
        Assert.Equal([20_000, 40_000, 60_000, count], reports);
    }

    [Fact]
    public void AddRange_translates_foreign_ids_through_the_maps()
    {
        var builder = new CodedPrescribingBuilder();
        Assert.Equal(0, builder.Practices.IdOf("A"));
        var practiceMap = new[] { builder.Practices.IdOf("B"), builder.Practices.IdOf("A") };
        var bnfMap = new[] { builder.Bnf.IdOf("X") };

        builder.AddRange([new CodedRow(0, 0, 1, 1, 1, 1), new CodedRow(1, 0, 2, 2, 2, 2)], practiceMap, bnfMap);
        var coded = builder.Build();

        Assert.Equal(["A", "B"], coded.PracticeCodes);
        Assert.Equal((1, 0), (coded[0].PracticeId, coded[0].BnfId));
        Assert.Equal((0, 0), (coded[1].PracticeId, coded[1].BnfId));
        Assert.Throws<InvalidOperationException>(() => builder.Add(default));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(CodedPrescribing.BlockRows)]
    [InlineData(2 * CodedPrescribing.BlockRows + 1)]
    public void FromRows_BeyondRowsInMemory_SpillsToAFileAndScansTheSameRows(long rowsInMemory)
    {
        var count = 3 * CodedPrescribing.BlockRows + 17;
        var rows = Enumerable.Range(0, count).Select(i => new PrescribingRow($"P{i % 5}", $"B{i % 11}", i, 2L * i, 3L * i, -4L * i)).ToList();
        using var inMemory = CodedPrescribing.FromRows(rows);
        using var spilled = CodedPrescribing.FromRows(rows, rowsInMemory: rowsInMemory);

        Assert.False(inMemory.IsSpilled);
        Assert.True(spilled.IsSpilled);
        Assert.Equal(count, spilled.Count);
        Assert.Equal(inMemory.PracticeCodes, spilled.PracticeCodes);
        Assert.Equal(Flatten(inMemory), Flatten(spilled));
        Assert.Equal(Flatten(spilled), Flatten(spilled)); // a second scan reads the file from the start again
        Assert.Throws<InvalidOperationException>(() => spilled.Blocks);
    }

    [Fact]
    public void Dispose_SpilledRows_DeletesTheFile()
    {
        var spilled = CodedPrescribing.FromRows(Enumerable.Range(0, CodedPrescribing.BlockRows + 1).Select(i => new PrescribingRow("P", "B", i, 0, 0, 0)),
            rowsInMemory: 10);
        var path = spilled.SpillPath!;
        Assert.True(File.Exists(path));

        spilled.Dispose();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void FromRows_SourceFailsAfterSpilling_DeletesTheFile()
    {
        var before = SpillFiles();
        IEnumerable<PrescribingRow> Failing()
        {
            for (var i = 0; i < 2 * CodedPrescribing.BlockRows; i++) yield return new PrescribingRow("P", "B", i, 0, 0, 0);
            throw new DataFormatException("x.csv", 9, "NIC", "bad");
        }

        Assert.Throws<DataFormatException>(() => CodedPrescribing.FromRows(Failing(), rowsInMemory: 10));

        Assert.Empty(SpillFiles().Except(before));
    }

    private static string[] SpillFiles() => Directory.GetFiles(Path.GetTempPath(), "rxatlas-rows-*");

    private static List<CodedRow> Flatten(CodedPrescribing coded) => [.. coded.Scan().SelectMany(b => b.ToArray())];

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
