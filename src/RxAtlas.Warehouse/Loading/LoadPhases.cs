using System.Diagnostics;

namespace RxAtlas.Warehouse.Loading;

/// <summary>Collects the elapsed time of consecutive phases of one load.</summary>
internal sealed class LoadPhases(Stopwatch clock)
{
    private readonly List<LoadPhase> _phases = [];
    private TimeSpan _last;

    public IReadOnlyList<LoadPhase> All => _phases;

    /// <summary>Ends the current phase under <paramref name="name"/>; the next phase starts now.</summary>
    public void Mark(string name)
    {
        var now = clock.Elapsed;
        _phases.Add(new LoadPhase(name, now - _last));
        _last = now;
    }
}
