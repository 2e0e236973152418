using Polly;
using Polly.Retry;

namespace RxAtlas.Acquisition;

/// <summary>Builds the one retry pipeline every upstream call goes through: exponential backoff with jitter on
/// 5xx/408/429 answers, timeouts and dropped connections; never on the caller's own cancellation.</summary>
internal static class RetryPolicy
{
    public static ResiliencePipeline Create(DownloadOptions options, Action<Exception, int, TimeSpan>? onRetry = null) =>
        options.MaxRetries <= 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>True for failures a later attempt may not hit.</summary>
    public static bool IsTransient(Exception e, CancellationToken callerToken) => e switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        TransientHttpException or TimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };
}
