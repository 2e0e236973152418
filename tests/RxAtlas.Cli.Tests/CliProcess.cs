using System.Diagnostics;

namespace RxAtlas.Cli.Tests;

/// <summary>Runs <c>rxatlas</c> as a real child process: for what needs a second process (a server holding the warehouse
/// file, a run killed part-way).</summary>
internal static class CliProcess
{
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start rxatlas");
    }

    /// <summary>Reads the child's output until a line matches; fails if it exits first.</summary>
    public static async Task WaitForLineAsync(Process process, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hang guard, not a speed check
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (match(line)) return;
        }
        throw new InvalidOperationException($"rxatlas exited before the expected line: {await process.StandardError.ReadToEndAsync()}");
    }
}
