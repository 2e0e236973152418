using RxAtlas.Core;
using RxAtlas.Warehouse.Loading;

namespace RxAtlas.Warehouse.Tests.Shared;

public sealed class RowBatchPipelineTests
{
    private static PrescribingRow Row(string practice, string bnf, long items) => new(practice, bnf, items, items * 10, items * 100, items * 1000);

    [Fact]
    public void Batches_RowsAcrossSeveralBatches_ArriveInOrderWithCodeIds()
    {
        var rows = Enumerable.Range(0, 25).Select(i => Row($"P{i % 4}", $"B{i % 7}", i)).ToList();
        using var pipeline = new RowBatchPipeline(rows, batchRows: 10, CancellationToken.None);

        var seen = new List<(int Practice, int Bnf, long Items, long Quantity, long Nic, long Cost)>();
        var sizes = new List<int>();
        foreach (var batch in pipeline.Batches())
        {
            sizes.Add(batch.Count);
            for (var i = 0; i < batch.Count; i++)
                seen.Add((batch.PracticeIds[i], batch.BnfIds[i], batch.Items[i], batch.QuantityMilli[i], batch.NicPence[i], batch.ActualCostE5[i]));
        }

        Assert.Equal([10, 10, 5], sizes);
        Assert.Equal(rows.Select(r => (pipeline.Practices.Codes[seen[(int)r.Items].Practice], pipeline.Bnf.Codes[seen[(int)r.Items].Bnf])),
            rows.Select(r => (r.PracticeCode, r.BnfCode)));
        Assert.Equal(rows.Select(r => (r.Items, r.QuantityMilli, r.NicPence, r.ActualCostE5)), seen.Select(s => (s.Items, s.Quantity, s.Nic, s.Cost)));
        Assert.Equal(["P0", "P1", "P2", "P3"], pipeline.Practices.Codes);
        Assert.Equal(7, pipeline.Bnf.Codes.Count);
    }

    [Fact]
    public void Batches_SourceThrows_SameExceptionSurfacesToTheConsumer()
    {
        static IEnumerable<PrescribingRow> Failing()
        {
            for (var i = 0; i < 15; i++) yield return Row("P", "B", i);
            throw new DataFormatException("file.csv", 17, "ITEMS", "expected a number");
        }
        using var pipeline = new RowBatchPipeline(Failing(), batchRows: 4, CancellationToken.None);

        var error = Assert.Throws<DataFormatException>(() => pipeline.Batches().Sum(b => b.Count));

        Assert.Contains("file.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ConsumerStopsEarly_ProducerHasStoppedAfterOnlyTheInFlightBatches()
    {
        var produced = 0;
        IEnumerable<PrescribingRow> Endless()
        {
            while (true)
            {
                produced++;
                yield return Row("P", "B", 1);
            }
        }
        var pipeline = new RowBatchPipeline(Endless(), batchRows: 100, CancellationToken.None);
        using (var batches = pipeline.Batches().GetEnumerator()) Assert.True(batches.MoveNext());

        pipeline.Dispose();
        Assert.True(produced <= 100 * 5 + 1, $"at most the in-flight batches are filled, read {produced}");
    }

    [Fact]
    public void Batches_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        using var pipeline = new RowBatchPipeline(Enumerable.Range(0, 1000).Select(i => Row("P", "B", i)), batchRows: 10, cancellation.Token);

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in pipeline.Batches()) cancellation.Cancel();
        });
    }
}
