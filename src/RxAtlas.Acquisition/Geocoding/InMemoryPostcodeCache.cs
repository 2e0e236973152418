using System.Collections.Concurrent;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Geocoding;

/// <summary>A postcode cache that lives as long as the process.</summary>
public class InMemoryPostcodeCache : IPostcodeCache
{
    private readonly ConcurrentDictionary<string, PostcodeLocation> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public ValueTask<IReadOnlyDictionary<string, PostcodeLocation>> GetAsync(IReadOnlyCollection<string> postcodes, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        foreach (var raw in postcodes)
        {
            if (Postcode.Key(raw) is { } key && _entries.TryGetValue(key, out var location)) found[key] = location;
        }
        return ValueTask.FromResult<IReadOnlyDictionary<string, PostcodeLocation>>(found);
    }

    public virtual ValueTask SetAsync(IReadOnlyCollection<PostcodeLocation> locations, CancellationToken cancellationToken = default)
    {
        foreach (var location in locations)
        {
            if (Postcode.Key(location.Postcode) is { } key) _entries[key] = location;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Everything cached.</summary>
    public IReadOnlyCollection<PostcodeLocation> Snapshot() => _entries.Values.ToList();
}
