using Polly;
using Polly.Retry;

namespace RxAtlas.Acquisition;

/// <summary>Builds the one retry pipeline every upstream call goes through: exponential backoff with jitter on
/// 5xx/408/429 answers, timeouts and dropped connections; never on the caller's own cancellation. A server's
/// <c>Retry-After</c> sets the delay instead (answers asking for more than <see cref="DownloadOptions.MaxRetryDelay"/> are
/// not retried: see <see cref="TransientHttpException.FromResponse"/>).</summary>
/// <remarks>Run through <see cref="RunAsync{T}"/>, attempts are counted in a <see cref="RetryBudget"/>: only consecutive
/// attempts that made no progress count against <see cref="DownloadOptions.MaxRetries"/>, and every attempt in all is bounded
/// by <c>MaxRetries + MaxResumes</c>.</remarks>
internal static class RetryPolicy
{
    /// <summary>The <see cref="Exception.Data"/> key holding how many attempts were made before an exception escaped.</summary>
    public const string AttemptsKey = "RxAtlas.Attempts";

    private static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("RxAtlas.RetryBudget");

    public static ResiliencePipeline Create(DownloadOptions options, Action<Exception, int, TimeSpan>? onRetry = null) =>
        options.MaxRetries <= 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries + Math.Max(0, options.MaxResumes),
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)
                    && (args.Context.Properties.TryGetValue(BudgetKey, out var budget)
                        ? budget.WithoutProgress <= options.MaxRetries
                        : args.AttemptNumber < options.MaxRetries)),
                DelayGenerator = args => ValueTask.FromResult(Delay(args.Outcome.Exception, args.Context, options)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>Runs <paramref name="action"/> through <paramref name="pipeline"/>, counting attempts and progress in a budget
    /// the action reports to; an exception that escapes carries the number of attempts in <see cref="AttemptsKey"/>.</summary>
    public static async Task<T> RunAsync<T>(this ResiliencePipeline pipeline, Func<RetryBudget, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var budget = new RetryBudget();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(BudgetKey, budget);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var (budget, action) = state;
                    budget.Attempts++;
                    var before = budget.Progress;
                    try
                    {
                        return await action(budget, ctx.CancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        budget.WithoutProgress = budget.Progress > before ? 0 : budget.WithoutProgress + 1;
                        throw;
                    }
                },
                context,
                (budget, action)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            e.Data[AttemptsKey] = budget.Attempts;
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>How many attempts were made before <paramref name="e"/> escaped, when known.</summary>
    public static int? AttemptsOf(Exception e) => e.Data[AttemptsKey] as int?;

    /// <summary>True for failures a later attempt may not hit.</summary>
    public static bool IsTransient(Exception e, CancellationToken callerToken) => e switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        TransientHttpException or TimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };

    private static TimeSpan? Delay(Exception? e, ResilienceContext context, DownloadOptions options)
    {
        if (e is TransientHttpException { RetryAfter: { } asked }) return asked;
        if (!context.Properties.TryGetValue(BudgetKey, out var budget) || budget.Attempts == budget.WithoutProgress) return null;
        // After progress the backoff starts again from the base delay (Polly's own would keep growing with every resume).
        var exponent = Math.Min(30, Math.Max(0, budget.WithoutProgress - 1));
        var delay = options.RetryBaseDelay * Math.Pow(2, exponent) * (0.5 + Random.Shared.NextDouble() / 2);
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }
}

/// <summary>Counts the attempts of one retried call and the bytes they received.</summary>
internal sealed class RetryBudget
{
    /// <summary>Attempts started.</summary>
    public int Attempts { get; set; }

    /// <summary>Consecutive failed attempts that received nothing.</summary>
    public int WithoutProgress { get; set; }

    /// <summary>The furthest point (bytes) any attempt reached; an attempt makes progress only when it pushes this further
    /// (bytes received again after starting over do not count).</summary>
    public long Progress { get; set; }
}
