using System.Data.Common;

namespace RxAtlas.Warehouse.Sql;

/// <summary>Hands out an open connection per unit of work (connections are not thread-safe; never share one).</summary>
public interface IConnectionSource
{
    ISqlDialect Dialect { get; }

    /// <summary>An open connection the caller disposes.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
