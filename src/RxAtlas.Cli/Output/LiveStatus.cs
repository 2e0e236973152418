using System.Globalization;
using Spectre.Console;

namespace RxAtlas.Cli.Output;

/// <summary>Shows a live row counter with throughput on an interactive terminal; silent when output is piped or captured.</summary>
public static class LiveStatus
{
    public static async Task<T> RunAsync<T>(CliContext context, string label, Func<IProgress<long>, Task<T>> work)
    {
        if (!context.IsInteractive) return await work(new Progress<long>(_ => { }));
        var started = DateTime.UtcNow;
        return await context.Console.Status().Spinner(Spinner.Known.Dots).StartAsync(label, async status =>
        {
            var progress = new SynchronousProgress(rows =>
            {
                var seconds = Math.Max((DateTime.UtcNow - started).TotalSeconds, 0.001);
                status.Status = string.Create(CultureInfo.InvariantCulture, $"{label}: {rows:N0} rows ({rows / seconds:N0} rows/s)");
            });
            return await work(progress);
        });
    }

    /// <summary>Reports on the caller's thread (no SynchronizationContext hop per report).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
