using RxAtlas.Core;
using RxAtlas.Core.Coding;
using RxAtlas.Warehouse.Loading.Arranging;

namespace RxAtlas.Warehouse.Tests.Shared;

public sealed class ArrangedMonthTests
{
    private static readonly int[] Levels = [2, 4, 6];

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 7)]
    [InlineData(false, 3)]
    [InlineData(false, 4096)]
    public void Fill_AnySourceOrderAndChunkSize_GivesOneSummedRowPerKeyInBnfThenPracticeKeyOrder(bool practiceOrdered, int chunk) =>
        AssertOneSummedRowPerKeyInOrder(RandomRows(seed: 5, count: 5_000, practiceOrdered), chunk);

    [Fact]
    public void Fill_OverAMillionRows_SortedInPartsOnEveryCore_StillOneSummedRowPerKeyInOrder() =>
        AssertOneSummedRowPerKeyInOrder(RandomRows(seed: 23, count: (1 << 20) + 70_001, practiceOrdered: false), chunk: 4096);

    private static void AssertOneSummedRowPerKeyInOrder(List<PrescribingRow> source, int chunk)
    {
        var (coded, practiceKeys, bnfKeys) = Code(source);
        var arranged = new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels);

        var fact = ReadAll(arranged, chunk);

        var expected = source
            .GroupBy(r => (Practice: PracticeKey(r.PracticeCode), Bnf: BnfKey(r.BnfCode)))
            .OrderBy(g => g.Key.Bnf).ThenBy(g => g.Key.Practice)
            .Select(g => (g.Key.Practice, g.Key.Bnf, g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5)))
            .ToList();
        Assert.True(expected.Count < source.Count, "the sample must have rows to sum");
        Assert.Equal(expected, fact);
        Assert.Equal(expected.Count, arranged.FactRows);
        Assert.Equal(source.Count, arranged.SourceRows);
        Assert.True(arranged.Complete);
    }

    [Fact]
    public void Rollups_EqualGroupingTheSourceByPrefixAndPractice()
    {
        var source = RandomRows(seed: 9, count: 3_000, practiceOrdered: false);
        var (coded, practiceKeys, bnfKeys) = Code(source);
        var arranged = new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels);
        Assert.Throws<InvalidOperationException>(() => arranged.Rollups);

        ReadAll(arranged, chunk: 100);

        var expected = Levels.SelectMany(length => source
                .GroupBy(r => (Prefix: r.BnfCode[..length], Practice: PracticeKey(r.PracticeCode)))
                .OrderBy(g => g.Key.Prefix, StringComparer.Ordinal).ThenBy(g => g.Key.Practice)
                .Select(g => new RollupRow(g.Key.Prefix, g.Key.Practice, g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence),
                    g.Sum(r => r.ActualCostE5))))
            .ToList();
        Assert.Equal(expected, arranged.Rollups);
        var totals = source.GroupBy(r => PracticeKey(r.PracticeCode)).OrderBy(g => g.Key)
            .Select(g => new PracticeTotalRow(g.Key, g.Sum(r => r.Items), g.Sum(r => r.QuantityMilli), g.Sum(r => r.NicPence), g.Sum(r => r.ActualCostE5)));
        Assert.Equal(totals, arranged.PracticeTotals);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(700)]
    [InlineData(CodedPrescribing.BlockRows)]
    public void Fill_SpilledRows_ArrangedABnfRangeAtATimeGiveTheSameFactAndRollups(long rowsInMemory)
    {
        // More rows than one block, so the spill file holds several blocks and each range re-reads all of them.
        var source = RandomRows(seed: 11, count: CodedPrescribing.BlockRows + 3_000, practiceOrdered: false);
        var (coded, practiceKeys, bnfKeys) = Code(source);
        var inMemory = new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels);
        var spilledRows = CodedPrescribing.FromRows(source, rowsInMemory: rowsInMemory);
        var spilled = new ArrangedMonth(spilledRows, practiceKeys, bnfKeys, Levels);

        var expected = ReadAll(inMemory, chunk: 1000);
        var actual = ReadAll(spilled, chunk: 333);

        Assert.True(spilledRows.IsSpilled);
        Assert.True(spilled.Segmented);
        Assert.False(inMemory.Segmented);
        Assert.Equal(expected, actual);
        Assert.Equal(inMemory.Rollups, spilled.Rollups);
        Assert.Equal(inMemory.PracticeTotals, spilled.PracticeTotals);
        Assert.Equal(source.Count, spilled.SourceRows);
    }

    [Fact]
    public void SpilledSegments_TheEnumeratorNeverHoldsABuiltSegment_SoThePreviousIsFreeBeforeTheNextIsRead()
    {
        var source = RandomRows(seed: 19, count: CodedPrescribing.BlockRows + 3_000, practiceOrdered: false);
        var (_, practiceKeys, bnfKeys) = Code(source);
        using var spilled = CodedPrescribing.FromRows(source, rowsInMemory: 700);
        var (practiceRank, bnfRank) = (KeyRanks.Of(practiceKeys), KeyRanks.Of(bnfKeys));
        var rowsPerRank = SpilledSegments.RowsPerRank(spilled, bnfRank, bnfKeys.Length);
        using var segments = SpilledSegments.Of(spilled, practiceRank, practiceKeys.Length, bnfRank, bnfKeys.Length, rowsPerRank).GetEnumerator();

        var built = new List<WeakReference>();
        long rows = 0;
        while (segments.MoveNext())
        {
            // Where ArrangedMonth collects before building the next segment: every segment built so far must be gone.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.All(built, segment => Assert.False(segment.IsAlive));
            built.Add(Build(segments.Current, ref rows));
        }

        Assert.True(built.Count > 1);
        Assert.Equal(source.Count, rows);
    }

    /// <summary>Builds a segment and keeps only a weak reference (no local of the caller holds it).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference Build(Func<SortedSegment> recipe, ref long rows)
    {
        var segment = recipe();
        rows += segment.Order.Length;
        return new WeakReference(segment);
    }

    [Fact]
    public void Ranges_CutBetweenRanksWithinTheBudget_AndGiveAnOversizedRankItsOwn()
    {
        Assert.Equal([(0, 1), (2, 2), (3, 3), (4, 5)], SpilledSegments.Ranges([3, 2, 4, 9, 1, 1], budget: 5).ToList());
        Assert.Equal([(0, 2)], SpilledSegments.Ranges([1, 1, 1], budget: 100).ToList());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void SplitKeys_CutTheFactIntoKeyRangesOfAboutEqualSourceRows(int parts)
    {
        var source = RandomRows(seed: 13, count: 6_000, practiceOrdered: true);
        var (coded, practiceKeys, bnfKeys) = Code(source);
        var arranged = new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels);

        var cuts = arranged.SplitKeys(parts);

        Assert.Equal(parts - 1, cuts.Count);
        Assert.Equal(cuts.Order().Distinct(), cuts);
        var keys = source.Select(r => BnfKey(r.BnfCode)).ToList();
        var bounds = cuts.Prepend(int.MinValue).Append(int.MaxValue).ToList();
        var rowsPerRange = bounds.Zip(bounds.Skip(1), (from, to) => keys.Count(k => k >= from && k < to)).ToList();
        // Cut at a whole presentation: a range is off its equal share by at most one presentation's rows.
        var largestPresentation = keys.GroupBy(k => k).Max(g => g.Count());
        Assert.All(rowsPerRange, n => Assert.InRange(n, source.Count / parts - largestPresentation, source.Count / parts + largestPresentation));
        Assert.Empty(arranged.SplitKeys(1));
    }

    [Fact]
    public void SplitKeys_ForASpilledMonth_AreTheInMemoryOnes_AndNoneOnceTheFactIsFlowing()
    {
        // More rows than one block: rows spill a block at a time.
        var source = RandomRows(seed: 17, count: CodedPrescribing.BlockRows + 3_000, practiceOrdered: false);
        var (coded, practiceKeys, bnfKeys) = Code(source);
        var flowing = new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels);
        using var spilledRows = CodedPrescribing.FromRows(source, rowsInMemory: 100);
        using var spilled = new ArrangedMonth(spilledRows, practiceKeys, bnfKeys, Levels);
        var inMemory = flowing.SplitKeys(3);

        flowing.Fill(new FactBlock(10).AsChunk());

        Assert.Equal(2, inMemory.Count);
        Assert.True(spilledRows.IsSpilled);
        Assert.Equal(inMemory, spilled.SplitKeys(3));
        Assert.Empty(flowing.SplitKeys(3));
    }

    [Fact]
    public void Dispose_BeforeTheEnd_RefusesToGoOn()
    {
        var (coded, practiceKeys, bnfKeys) = Code(RandomRows(seed: 2, count: 500, practiceOrdered: false));
        var arranged = new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels);
        var buffer = new int[10];
        var longs = new long[10];
        arranged.Fill(new FactChunk(buffer, new int[10], new int[10], longs, new long[10], new long[10]));

        arranged.Dispose();

        Assert.Throws<ObjectDisposedException>(() => arranged.Fill(new FactChunk(buffer, new int[10], new int[10], longs, new long[10], new long[10])));
        Assert.False(arranged.Complete);
    }

    [Fact]
    public void Fill_SummedItemsBeyondTheItemsColumn_Throws()
    {
        var source = new List<PrescribingRow> { new("A81001", "0101010A0AAAAAA", int.MaxValue, 0, 0, 0), new("A81001", "0101010A0AAAAAA", 1, 0, 0, 0) };
        var (coded, practiceKeys, bnfKeys) = Code(source);

        Assert.Throws<OverflowException>(() => ReadAll(new ArrangedMonth(coded, practiceKeys, bnfKeys, Levels), chunk: 10));
    }

    [Fact]
    public void Constructor_TwoCodesWithOneKey_IsRefused()
    {
        var (coded, _, _) = Code([new("A81001", "0101010A0AAAAAA", 1, 0, 0, 0), new("A81002", "0101010A0AAAAAA", 1, 0, 0, 0)]);

        Assert.Throws<InvalidOperationException>(() => new ArrangedMonth(coded, [7, 7], [1], Levels));
    }

    private static List<(int, int, long, long, long, long)> ReadAll(ArrangedMonth arranged, int chunk)
    {
        var (practice, bnf, items) = (new int[chunk], new int[chunk], new int[chunk]);
        var (quantity, nic, cost) = (new long[chunk], new long[chunk], new long[chunk]);
        var rows = new List<(int, int, long, long, long, long)>();
        int n;
        while ((n = arranged.Fill(new FactChunk(practice, bnf, items, quantity, nic, cost))) > 0)
        {
            for (var i = 0; i < n; i++) rows.Add((practice[i], bnf[i], items[i], quantity[i], nic[i], cost[i]));
        }
        return rows;
    }

    /// <summary>Rows over a few practices and codes in several chapters, sections and paragraphs, with repeated keys
    /// (per-pack rows) and negative adjustments.</summary>
    private static List<PrescribingRow> RandomRows(int seed, int count, bool practiceOrdered)
    {
        var random = new Random(seed);
        var codes = Enumerable.Range(0, 60).Select(i => $"{random.Next(1, 4):D2}{random.Next(1, 4):D2}{random.Next(1, 3):D2}0{(char)('A' + i % 26)}0AAAAA{i % 10}").Distinct().ToList();
        var rows = Enumerable.Range(0, count).Select(_ => new PrescribingRow($"P{random.Next(40):D5}", codes[random.Next(codes.Count)], random.Next(-2, 50),
            random.Next(0, 100_000), random.Next(-500, 100_000), random.Next(0, 10_000_000))).ToList();
        return practiceOrdered ? [.. rows.OrderBy(r => PracticeKey(r.PracticeCode))] : rows;
    }

    /// <summary>Practice keys in reverse code order (so key order differs from first-seen order); BNF keys in code order, as the
    /// warehouse allocates them.</summary>
    private static int PracticeKey(string code) => 1_000 - int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture);

    private static int BnfKey(string code) => _bnfKeys[code];

    private static Dictionary<string, int> _bnfKeys = [];

    private static (CodedPrescribing Rows, int[] PracticeKeys, int[] BnfKeys) Code(IReadOnlyList<PrescribingRow> rows)
    {
        _bnfKeys = rows.Select(r => r.BnfCode).Distinct().Order(StringComparer.Ordinal).Select((c, i) => (c, i)).ToDictionary(x => x.c, x => 10 * x.i + 3);
        var coded = CodedPrescribing.FromRows(rows);
        return (coded, [.. coded.PracticeCodes.Select(PracticeKey)], [.. coded.BnfCodes.Select(BnfKey)]);
    }
}
