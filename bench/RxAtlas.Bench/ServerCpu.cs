using System.Globalization;
using Npgsql;

namespace RxAtlas.Bench;

/// <summary>
/// CPU time spent by a PostgreSQL server on this machine, read from <c>/proc</c>: the postmaster, its live children (backends,
/// checkpointer, WAL writer…) and the children it has already reaped — a backend's time moves into the postmaster's
/// <c>cutime</c>/<c>cstime</c> when it exits, so the sum covers connections opened and closed between two readings.
/// </summary>
internal sealed class ServerCpu
{
    /// <summary>Clock ticks per second in <c>/proc</c> (USER_HZ): part of the kernel's ABI, 100 on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly int _postmaster;

    private ServerCpu(int postmaster) => _postmaster = postmaster;

    /// <summary>The server behind <paramref name="connectionString"/>, or null when it is not a local process this one can read
    /// (another machine, or no <c>/proc</c>).</summary>
    public static async Task<ServerCpu?> FindAsync(string connectionString)
    {
        if (!OperatingSystem.IsLinux()) return null;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        // The backend's parent is the postmaster — if the backend is a process here at all: a remote server's backend PID may
        // belong to some unrelated local process, which the command name tells apart.
        if (!IsPostgres(backend) || ReadStat(backend) is not { } stat) return null;
        var postmaster = int.Parse(stat[1], CultureInfo.InvariantCulture);
        return IsPostgres(postmaster) ? new ServerCpu(postmaster) : null;
    }

    /// <summary>The server's CPU seconds so far (user + system), or null if the postmaster has gone.</summary>
    public double? Seconds()
    {
        var own = ReadStat(_postmaster);
        if (own is null) return null;
        long ticks = Ticks(own, Utime) + Ticks(own, Stime) + Ticks(own, ChildUtime) + Ticks(own, ChildStime);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var stat = ReadStat(pid);
            if (stat is not null && int.Parse(stat[1], CultureInfo.InvariantCulture) == _postmaster)
                ticks += Ticks(stat, Utime) + Ticks(stat, Stime);
        }
        return ticks / TicksPerSecond;
    }

    // Fields of /proc/<pid>/stat after the parenthesised command name, counted from 0 (proc(5) numbers them from 3).
    private const int Utime = 11, Stime = 12, ChildUtime = 13, ChildStime = 14;

    private static long Ticks(string[] stat, int field) => long.Parse(stat[field], CultureInfo.InvariantCulture);

    private static bool IsPostgres(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").StartsWith("postgres", StringComparison.Ordinal); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The fields after the command name (which may hold spaces), or null if the process has gone.</summary>
    private static string[]? ReadStat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }
}
