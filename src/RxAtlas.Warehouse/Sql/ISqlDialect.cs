using System.Data.Common;

namespace RxAtlas.Warehouse.Sql;

/// <summary>The few things the engine-neutral SQL in this assembly needs to know about an engine.</summary>
/// <remarks>Everything else the shared SQL uses is common to DuckDB and PostgreSQL: <c>LEFT</c>, <c>LENGTH</c>,
/// <c>LOWER</c>, <c>LIKE … ESCAPE</c>, <c>COALESCE</c>, <c>CAST(… AS BIGINT)</c>, <c>LIMIT</c>, scalar subqueries.</remarks>
public interface ISqlDialect
{
    /// <summary>How a named parameter is written in SQL text: <c>$name</c> (DuckDB) or <c>@name</c> (Npgsql).</summary>
    string Placeholder(string name);

    /// <summary>Creates a parameter for <paramref name="command"/> named so that <see cref="Placeholder"/> finds it.</summary>
    DbParameter CreateParameter(DbCommand command, string name, object? value);

    /// <summary>The value to bind for a timestamp column (DuckDB <c>TIMESTAMP</c> as UTC, PostgreSQL <c>timestamptz</c>).</summary>
    object ToDbTimestamp(DateTimeOffset value);

    /// <summary>Reads a timestamp column back as UTC.</summary>
    DateTimeOffset FromDbTimestamp(object value);

    /// <summary>Statements to run before and after a query whose unordered window (<c>OVER ()</c>) must see one month's fact in
    /// the order it was stored, so a check can prove the load's sorted keys distinct in one pass. DuckDB's windows already
    /// follow storage (nothing to run); PostgreSQL turns parallel workers off for that query (a parallel scan interleaves
    /// rows). Null: no such order, so the checks always sort. Either way the checks stay exact: this only picks the path.</summary>
    (string Before, string After)? StorageOrderScan => null;

    /// <summary>A statement that makes the calling transaction the only holder of <paramref name="key"/> until it ends, across
    /// processes (PostgreSQL's <c>pg_advisory_xact_lock</c>), or null where only one process can write (a DuckDB file).</summary>
    string? TransactionLock(long key) => null;
}
