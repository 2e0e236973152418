using System.Collections.Concurrent;
using RxAtlas.Core;

namespace RxAtlas.Pipeline;

/// <summary>Lets at most one run per (DAG, month) be active in this process.</summary>
public sealed class MonthRunGate
{
    private readonly ConcurrentDictionary<(string Dag, YearMonth Month), byte> _active = new();

    /// <summary>The gate shared by everything in this process (backfill, schedule, manual runs).</summary>
    public static MonthRunGate Process { get; } = new();

    /// <summary>Claims the month; null when a run for it is already active. Dispose the lease to release it.</summary>
    public IDisposable? TryEnter(string dag, YearMonth month) =>
        _active.TryAdd((dag, month), 0) ? new Lease(this, (dag, month)) : null;

    public bool IsActive(string dag, YearMonth month) => _active.ContainsKey((dag, month));

    private sealed class Lease(MonthRunGate gate, (string, YearMonth) key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate._active.TryRemove(key, out _);
        }
    }
}
