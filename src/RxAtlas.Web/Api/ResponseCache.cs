using Microsoft.Extensions.Caching.Memory;
using RxAtlas.Warehouse;

namespace RxAtlas.Web.Api;

/// <summary>Caches query results in memory keyed by (request, <see cref="IWarehouse.DataVersionAsync"/>), so publishing new
/// data invalidates every cached answer at once; stale entries simply age out.</summary>
internal sealed class ResponseCache(IMemoryCache cache, IWarehouse warehouse)
{
    /// <summary>How many answers are kept (each entry has size 1).</summary>
    public const int Capacity = 1024;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    public async Task<T> GetOrAddAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        var version = await warehouse.DataVersionAsync(cancellationToken);
        var versionedKey = (version, key);
        if (cache.TryGetValue(versionedKey, out T? hit) && hit is not null) return hit;
        var value = await load(cancellationToken);
        cache.Set(versionedKey, value, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Idle });
        return value;
    }
}
