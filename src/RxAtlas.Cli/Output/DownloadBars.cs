using RxAtlas.Acquisition;
using Spectre.Console;

namespace RxAtlas.Cli.Output;

/// <summary>One progress bar per downloading file, with size and speed; plain lines when not on a terminal.</summary>
public static class DownloadBars
{
    public static async Task<T> RunAsync<T>(CliContext context, Func<IProgress<DownloadProgress>, Task<T>> work)
    {
        if (!context.IsInteractive)
        {
            return await work(new Reporter(p =>
            {
                if (p.Completed) context.Output.WriteLine($"downloaded {p.FileName} ({p.BytesReceived:N0} bytes)");
            }));
        }
        return await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var reporter = new Reporter(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.FileName, out var task))
                        {
                            task = ctx.AddTask(Markup.Escape(p.FileName), maxValue: p.TotalBytes ?? 1);
                            task.IsIndeterminate = p.TotalBytes is null;
                            tasks[p.FileName] = task;
                        }
                        if (p.TotalBytes is { } total) task.MaxValue = total;
                        task.Value = p.BytesReceived;
                        if (p.Completed) task.StopTask();
                    }
                });
                return await work(reporter);
            });
    }

    private sealed class Reporter(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
