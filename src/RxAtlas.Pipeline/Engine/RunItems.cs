using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace RxAtlas.Pipeline;

/// <summary>Values tasks hand to their downstream within one process (Airflow's XCom, in memory).</summary>
/// <remarks>Not persisted: a resumed run starts with it empty, so a task must be able to recompute what it reads here.</remarks>
public sealed class RunItems
{
    private readonly ConcurrentDictionary<string, object> _items = new(StringComparer.Ordinal);

    public void Set<T>(string key, T value) where T : notnull => _items[key] = value;

    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_items.TryGetValue(key, out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Removes and returns a value, for things that can be used once (a release whose rows stream once).</summary>
    public bool TryTake<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_items.TryRemove(key, out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }
}
