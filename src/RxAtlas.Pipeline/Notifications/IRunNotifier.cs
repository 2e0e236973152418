namespace RxAtlas.Pipeline.Notifications;

/// <summary>Tells someone how a run ended (a webhook, an email).</summary>
public interface IRunNotifier
{
    Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken);
}

/// <summary>Notifies through several notifiers; every one is tried, and failures are reported together afterwards.</summary>
public sealed class CompositeNotifier(IReadOnlyList<IRunNotifier> notifiers) : IRunNotifier
{
    public async Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        foreach (var notifier in notifiers)
        {
            try
            {
                await notifier.NotifyAsync(summary, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // collected and rethrown together below
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0) throw new AggregateException("Some notifications failed.", failures);
    }
}
