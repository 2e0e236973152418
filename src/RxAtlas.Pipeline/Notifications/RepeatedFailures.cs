using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Notifications;

/// <summary>Decides whether a finished run is worth notifying: the same failure of the same DAG and month (same error text)
/// is notified at most once per <paramref name="notifyAgainAfter"/>, a different error at once, and a success forgets the
/// failure. What was notified is kept in run history (<see cref="IRunStore.GetNotifiedFailureAsync"/>), so a <c>run</c> started
/// from cron (a new process each time) or a restarted <c>schedule</c> remembers it too.</summary>
/// <remarks>A failure that cannot be read or recorded (the warehouse is down) is notified anyway and the problem logged: a
/// duplicate alert is better than a missed one. Runs without a month (a fire that could not start) are always notified.</remarks>
public sealed class RepeatedFailures(IRunStore store, TimeSpan notifyAgainAfter, TimeProvider? time = null, Action<string>? log = null)
{
    /// <summary>How long the same failure goes un-notified by default: a day.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromDays(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>False (and logged) when <paramref name="summary"/> is a failure notified less than the interval ago; otherwise
    /// true, recording a failure as notified now (or forgetting the month's failure on success).</summary>
    public async Task<bool> ShouldNotifyAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Month is not { } month || summary.State is not (RunState.Failed or RunState.Success)) return true;
        try
        {
            if (summary.State == RunState.Success)
            {
                await store.ForgetNotifiedFailureAsync(summary.Dag, month, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var now = _time.GetUtcNow();
            var error = summary.Error ?? "";
            if (await store.GetNotifiedFailureAsync(summary.Dag, month, cancellationToken).ConfigureAwait(false) is { } last
                && last.Error == error && now - last.NotifiedAt < notifyAgainAfter)
            {
                log?.Invoke($"Not notifying again: {month} failed the same way at {last.NotifiedAt:u} (notified then; again after " +
                            $"{last.NotifiedAt + notifyAgainAfter:u} or if the error changes).");
                return false;
            }

            await store.SaveNotifiedFailureAsync(new NotifiedFailure(summary.Dag, month, error, now), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a warehouse that cannot remember must not silence the alert
        catch (Exception e)
#pragma warning restore CA1031
        {
            log?.Invoke($"Could not check or record which failures were notified ({ErrorText.Describe(e)}); notifying.");
            return true;
        }
    }
}
