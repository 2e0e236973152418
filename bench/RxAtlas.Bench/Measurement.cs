using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RxAtlas.Bench;

/// <summary>One timed step: wall time, and the CPU time and peak resident memory of the process that ran it.</summary>
public sealed record Measurement(string Name, double Seconds, long PeakBytes, long Rows, long Bytes)
{
    /// <summary>CPU time (user + system, all threads) the step's process spent on it: what the step costs whatever the number
    /// of cores. Work done in another process (a database server) is not counted.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>CPU time a local database server spent while the step ran (<see cref="ServerCpu"/>), when it could be read.</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>CPU time of the step's process and of the server together.</summary>
    public double TotalCpuSeconds => CpuSeconds + (ServerCpuSeconds ?? 0);

    /// <summary>How many cores the step (and the server working for it) kept busy on average.</summary>
    public double CoresBusy => TotalCpuSeconds / Seconds;

    /// <summary>Seconds per named phase, for steps that report them (a warehouse load's <c>LoadReport.Phases</c>).</summary>
    public Dictionary<string, double> Phases { get; init; } = [];

    /// <summary>The summed seconds of the named phases.</summary>
    public double PhaseSeconds(params string[] names) => names.Sum(n => Phases.GetValueOrDefault(n));

    public double RowsPerSecond => Rows / Seconds;
    public double MegabytesPerSecond => Bytes / 1e6 / Seconds;
    public double PeakMegabytes => PeakBytes / 1e6;

    public string ToJson() => JsonSerializer.Serialize(this);

    public static Measurement FromJson(string json) => JsonSerializer.Deserialize<Measurement>(json)
        ?? throw new InvalidOperationException("empty measurement");
}

/// <summary>Runs each measured step in a fresh child process so its peak memory (VmHWM) is its own.</summary>
public static class Isolated
{
    /// <summary>Runs <c>RxAtlas.Bench child STEP ARGS…</c> and reads the measurement it prints as its last line.</summary>
    public static async Task<Measurement> RunAsync(string step, params string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Isolated).Assembly.Location);
        start.ArgumentList.Add("child");
        start.ArgumentList.Add(step);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start child");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"child {step} failed ({process.ExitCode}): {stderr}{stdout}");
        Console.Error.Write(stderr);
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return Measurement.FromJson(last);
    }

    /// <summary>Times <paramref name="work"/> in this (child) process and prints the measurement.</summary>
    public static Task<int> MeasureAsync(string name, long bytes, Func<Task<long>> work) =>
        MeasureAsync(name, bytes, async () => (await work(), (IReadOnlyList<RxAtlas.Warehouse.LoadPhase>)[]));

    /// <summary>Times a warehouse load in this (child) process and prints the measurement with the load's phases.</summary>
    public static async Task<int> MeasureAsync(string name, long bytes, Func<Task<(long Rows, IReadOnlyList<RxAtlas.Warehouse.LoadPhase> Phases)>> work)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (rows, phases) = await work();
        clock.Stop();
        self.Refresh();
        var measurement = new Measurement(name, clock.Elapsed.TotalSeconds, PeakResidentBytes(), rows, bytes)
        {
            CpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds,
            Phases = phases.ToDictionary(p => p.Name, p => p.Elapsed.TotalSeconds),
        };
        Console.WriteLine(measurement.ToJson());
        return 0;
    }

    /// <summary>The process's peak resident set (VmHWM) on Linux; the managed peak working set elsewhere.</summary>
    public static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
