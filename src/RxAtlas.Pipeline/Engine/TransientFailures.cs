using System.Data.Common;
using System.Net.Sockets;

namespace RxAtlas.Pipeline;

/// <summary>Recognises failures that waiting cures: the warehouse's database connection was lost or refused (a PostgreSQL
/// restart, failover or network blip). Looks through wrapping exceptions (a failed load wraps the database's error).</summary>
/// <remarks>
/// Transient: a database error with SQLSTATE class <c>08</c> (connection exception) or <c>57P01</c>–<c>57P05</c> (admin
/// shutdown, crash shutdown, cannot connect now, database dropped, idle session timeout); a database error without a SQLSTATE
/// that the provider marks transient (Npgsql: the socket failed, timed out or was refused); and a socket error under a
/// database error. Anything else is not: bad SQL, constraint violations and quality failures do not heal by themselves.
/// The embedded DuckDB warehouse has no connection to lose; a file another process holds is reported, not retried.
/// </remarks>
public static class TransientFailures
{
    /// <summary>True when <paramref name="exception"/> or one of its inner exceptions is a lost or refused database connection.</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate) return aggregate.InnerExceptions.Any(IsTransient);
            if (e is DbException db && IsConnectionFailure(db)) return true;
        }

        return false;
    }

    private static bool IsConnectionFailure(DbException db)
    {
        if (db.SqlState is { Length: 5 } state)
            return state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "57P04" or "57P05";
        if (db.IsTransient) return true;
        for (var inner = db.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is SocketException or IOException or TimeoutException) return true;
        return false;
    }
}
