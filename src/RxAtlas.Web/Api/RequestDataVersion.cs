using RxAtlas.Warehouse;

namespace RxAtlas.Web.Api;

/// <summary>The warehouse's data version as one request sees it (a scoped service): read from
/// <see cref="IWarehouse.DataVersionAsync"/> once, the first time anything asks — <see cref="ConditionalGet"/> for the
/// <c>ETag</c>, before the handler runs — and then shared by everything the request does (the <see cref="ResponseCache"/>
/// keys, the <see cref="ApiData.ConsistentAsync{T}"/> check, the <see cref="DataVersionHeader"/> header).</summary>
/// <remarks>Only <see cref="RefreshAsync"/> reads the warehouse again: the consistency check must see whether a load
/// committed while a request read several queries, and when one did, the request goes on with the new version.</remarks>
internal sealed class RequestDataVersion(IWarehouse warehouse)
{
    /// <summary>The header every data answer (200 and 304) carries the data version in, so that a client (the page) sees
    /// new data being loaded from the answers it gets anyway.</summary>
    public const string DataVersionHeader = "X-RxAtlas-Data-Version";

    private Task<long>? _version;

    /// <summary>The request's data version: the warehouse is asked the first time only. A request's code runs one step at
    /// a time, so there is no race to read it twice.</summary>
    public Task<long> GetAsync(CancellationToken cancellationToken) => _version ??= warehouse.DataVersionAsync(cancellationToken);

    /// <summary>Reads the warehouse's version again and makes it the request's from now on.</summary>
    public async Task<long> RefreshAsync(CancellationToken cancellationToken)
    {
        var version = await warehouse.DataVersionAsync(cancellationToken);
        _version = Task.FromResult(version);
        return version;
    }
}
