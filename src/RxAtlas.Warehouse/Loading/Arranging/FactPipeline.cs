using System.Collections.Concurrent;

namespace RxAtlas.Warehouse.Loading.Arranging;

/// <summary>Runs <see cref="ArrangedMonth.Fill"/> (the gather, the sums and the rollups) on a background thread while the
/// engine writes on the calling one, so the two overlap; a few recycled <see cref="FactBlock"/>s circulate between them.</summary>
/// <remarks>An exception in the producer (e.g. an items overflow) surfaces, unchanged, from the consumer's enumeration;
/// disposing stops the producer, so a failed or cancelled writer never leaves it running.</remarks>
public sealed class FactPipeline : IDisposable
{
    /// <summary>Blocks circulating (~0.6 MB each). Both sides' time per block varies (cache misses, the engine's row-group
    /// flushes); with only a few blocks each side often waited for the other, and a full-size month's write took ~25% longer.</summary>
    private const int InFlight = 16;

    private readonly BlockingCollection<FactBlock> _full = new(InFlight);
    private readonly BlockingCollection<FactBlock> _free = new(InFlight);
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private bool _consumed;

    /// <param name="fact">The arranged month (read to the end by the pipeline).</param>
    /// <param name="blockRows">Rows per block.</param>
    /// <param name="cancellationToken">Stops the producer and the consumer.</param>
    public FactPipeline(ArrangedMonth fact, int blockRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var i = 0; i < InFlight; i++) _free.Add(new FactBlock(blockRows));
        _producer = Task.Factory.StartNew(() => Produce(fact, _stop.Token), _stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The filled blocks, in fact order. A block is valid until the next one is requested. Enumerate once.</summary>
    public IEnumerable<FactBlock> Blocks()
    {
        if (_consumed) throw new InvalidOperationException("The blocks have already been consumed.");
        _consumed = true;
        foreach (var block in _full.GetConsumingEnumerable(_stop.Token))
        {
            yield return block;
            _free.Add(block, _stop.Token);
        }
        // The producer has finished: rethrow what stopped it, if anything (and publish its rollups to this thread).
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
            // already surfaced through Blocks, or the consumer failed first and the producer was merely stopped
        }
        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }

    private void Produce(ArrangedMonth fact, CancellationToken token)
    {
        try
        {
            while (true)
            {
                var block = _free.Take(token);
                block.Count = fact.Fill(block.AsChunk());
                if (block.Count == 0) break;
                _full.Add(block, token);
            }
        }
        finally
        {
            _full.CompleteAdding();
        }
    }
}
