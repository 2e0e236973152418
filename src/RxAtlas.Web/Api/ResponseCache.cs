using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using RxAtlas.Warehouse;

namespace RxAtlas.Web.Api;

/// <summary>Caches query results in memory keyed by (request, <see cref="IWarehouse.DataVersionAsync"/>), so every new data
/// version invalidates every cached answer at once; stale entries simply age out. The caller passes the version (the
/// request's <see cref="RequestDataVersion"/>), so a request reads it once however many answers it looks up. The cache is bounded by the rows it holds,
/// not by its number of answers, because answers differ in size by four orders of magnitude (a year's map of every practice
/// has ~8,500 rows; a region list has seven).</summary>
internal sealed class ResponseCache(long capacityRows) : IDisposable
{
    /// <summary>The default bound: 500,000 rows, roughly 100–150 MB of answers (about sixty full maps).</summary>
    public const long DefaultCapacityRows = 500_000;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = capacityRows });

    /// <summary>The answer cached for <paramref name="key"/> at data version <paramref name="version"/>, else what
    /// <paramref name="load"/> gives (then cached).</summary>
    public async Task<T> GetOrAddAsync<T>(long version, string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (TryGet(version, key, out T? hit)) return hit;
        var value = await load(cancellationToken);
        Set(version, key, value);
        return value;
    }

    /// <summary>True, with the answer, when one is cached for <paramref name="key"/> at <paramref name="version"/>.</summary>
    public bool TryGet<T>(long version, string key, [NotNullWhen(true)] out T? value) =>
        _cache.TryGetValue((version, key), out value) && value is not null;

    /// <summary>Caches <paramref name="value"/> for <paramref name="key"/> at <paramref name="version"/>.</summary>
    public void Set<T>(long version, string key, T value) =>
        // An answer larger than the whole bound is simply not kept; adding past the bound compacts the least recently used.
        _cache.Set((version, key), value, new MemoryCacheEntryOptions { Size = Rows(value), SlidingExpiration = Idle });

    /// <summary>An answer's size: its rows for a list (of records: what every list answer holds, lists of values are short),
    /// else 1.</summary>
    internal static long Rows(object? value) => value switch
    {
        IReadOnlyCollection<object> rows => Math.Max(1, rows.Count),
        ICollection rows => Math.Max(1, rows.Count),
        _ => 1,
    };

    public void Dispose() => _cache.Dispose();
}
