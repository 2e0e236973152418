using System.Collections.Concurrent;
using RxAtlas.Core;
using RxAtlas.Core.Coding;

namespace RxAtlas.Warehouse.Loading;

/// <summary>Parses on one thread while the engine stages on another: a producer enumerates the source rows, maps their codes
/// to <see cref="CodeIds"/> and fills recycled <see cref="StagedRowBatch"/>es; the engine consumes <see cref="Batches"/>.</summary>
/// <remarks>A bounded number of batches circulate, so memory stays constant whatever the file size. An exception from the
/// source (e.g. <see cref="DataFormatException"/>) surfaces, unchanged, from the consumer's enumeration; disposing stops the
/// producer (a failed or cancelled consumer never leaves it running).</remarks>
public sealed class RowBatchPipeline : IDisposable
{
    private const int InFlight = 4;

    private readonly BlockingCollection<StagedRowBatch> _full = new(InFlight);
    private readonly BlockingCollection<StagedRowBatch> _free = new(InFlight);
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private bool _consumed;

    /// <param name="rows">The source rows (enumerated once, on a background thread).</param>
    /// <param name="batchRows">Rows per batch.</param>
    /// <param name="cancellationToken">Stops the producer and the consumer.</param>
    public RowBatchPipeline(IEnumerable<PrescribingRow> rows, int batchRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var i = 0; i < InFlight; i++) _free.Add(new StagedRowBatch(batchRows));
        _producer = Task.Factory.StartNew(() => Produce(rows, _stop.Token), _stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Ids of the practice codes; complete once <see cref="Batches"/> has been enumerated to the end.</summary>
    public CodeIds Practices { get; } = new();

    /// <summary>Ids of the BNF presentation codes; complete once <see cref="Batches"/> has been enumerated to the end.</summary>
    public CodeIds Bnf { get; } = new();

    /// <summary>The filled batches, in source order. A batch is valid until the next one is requested. Enumerate once.</summary>
    public IEnumerable<StagedRowBatch> Batches()
    {
        if (_consumed) throw new InvalidOperationException("The batches have already been consumed.");
        _consumed = true;
        foreach (var batch in _full.GetConsumingEnumerable(_stop.Token))
        {
            yield return batch;
            batch.Count = 0;
            _free.Add(batch, _stop.Token);
        }
        // The producer has finished: rethrow what stopped it, if anything, and publish its code ids to this thread.
        _producer.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException)
        {
            // already surfaced through Batches, or the consumer failed first and the producer was merely stopped
        }
        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }

    private void Produce(IEnumerable<PrescribingRow> rows, CancellationToken token)
    {
        try
        {
            var batch = _free.Take(token);
            var n = 0;
            foreach (var row in rows)
            {
                batch.PracticeIds[n] = Practices.IdOf(row.PracticeCode);
                batch.BnfIds[n] = Bnf.IdOf(row.BnfCode);
                batch.Items[n] = row.Items;
                batch.QuantityMilli[n] = row.QuantityMilli;
                batch.NicPence[n] = row.NicPence;
                batch.ActualCostE5[n] = row.ActualCostE5;
                if (++n < batch.Capacity) continue;
                batch.Count = n;
                _full.Add(batch, token);
                batch = _free.Take(token);
                n = 0;
            }
            batch.Count = n;
            if (n > 0) _full.Add(batch, token);
        }
        finally
        {
            _full.CompleteAdding();
        }
    }
}
