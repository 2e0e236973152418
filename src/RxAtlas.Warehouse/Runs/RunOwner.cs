using System.Diagnostics;

namespace RxAtlas.Warehouse.Runs;

/// <summary>The process that owns a running DAG run: host name, process id and process start time (to see through pid reuse).</summary>
public sealed record RunOwner(string Host, int ProcessId, DateTimeOffset? ProcessStarted)
{
    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = CreateCurrent();

    /// <summary>False when the owner is on this host and its process is gone (or the pid now belongs to a younger process).
    /// Owners on other hosts cannot be probed and count as alive.</summary>
    public bool IsAlive()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return true;
        if (ProcessId == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            if (process.HasExited) return false;
            if (ProcessStarted is { } started)
            {
                var actual = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
                return (actual - started).Duration() < TimeSpan.FromSeconds(2);
            }
            return true;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // exists but not ours to inspect
        }
    }

    private static RunOwner CreateCurrent()
    {
        DateTimeOffset? started = null;
        try
        {
            using var self = Process.GetCurrentProcess();
            started = new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (InvalidOperationException) { }
        catch (NotSupportedException) { }
        return new RunOwner(Environment.MachineName, Environment.ProcessId, started);
    }
}
