using Microsoft.Extensions.Configuration;
using RxAtlas.Pipeline;

namespace RxAtlas.Cli.Hosting;

/// <summary>How often, and how far apart, the monthly DAG's tasks are retried: configuration keys <c>Pipeline:TaskRetries</c>
/// and <c>Pipeline:TaskRetryDelay</c> (environment <c>RXATLAS_Pipeline__TaskRetries</c>, <c>RXATLAS_Pipeline__TaskRetryDelay</c>).
/// Unset keys keep the DAG's defaults (3 retries, 5 minutes apart).</summary>
internal sealed class TaskRetrySettings
{
    public const string Section = "Pipeline";

    public int? TaskRetries { get; set; }

    public TimeSpan? TaskRetryDelay { get; set; }

    public static TaskRetrySettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TaskRetrySettings>() ?? new TaskRetrySettings();

    /// <summary><paramref name="defaults"/> with the configured retries and delay.</summary>
    /// <exception cref="ArgumentException">A negative retry count or delay.</exception>
    public TaskOptions Apply(TaskOptions defaults)
    {
        if (TaskRetries < 0) throw new ArgumentException($"Configuration {Section}:TaskRetries = {TaskRetries} must not be negative.");
        if (TaskRetryDelay < TimeSpan.Zero) throw new ArgumentException($"Configuration {Section}:TaskRetryDelay = {TaskRetryDelay} must not be negative.");
        return defaults with { Retries = TaskRetries ?? defaults.Retries, RetryDelay = TaskRetryDelay ?? defaults.RetryDelay };
    }
}
