using System.CommandLine;
using RxAtlas.Acquisition;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Cli.Commands;

/// <summary><c>--webhook</c>, <c>--smtp</c> and <c>--smtp-tls</c>: where <c>run</c>, <c>backfill</c> and <c>schedule</c> send run summaries.</summary>
internal sealed class NotificationOptions
{
    public Option<string?> Webhook { get; } = new("--webhook") { Description = "POST a JSON summary of every finished run to this URL." };

    public Option<string?> Smtp { get; } = new("--smtp")
    {
        Description = "Email summaries: host:port,from@example.org,to@example.org[,to2…]. Credentials: configuration " +
                      "Notifications:Smtp:UserName and Notifications:Smtp:Password (e.g. RXATLAS_Notifications__Smtp__Password), never an option.",
    };

    public Option<string?> SmtpTls { get; } = new("--smtp-tls")
    {
        Description = "STARTTLS for --smtp: auto (when the server offers it; never sends a password unencrypted), on, or off (a plain " +
                      "internal relay). Default: Notifications:Smtp:Tls, else auto.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Webhook);
        command.Options.Add(Smtp);
        command.Options.Add(SmtpTls);
    }

    /// <summary>The notifier the options ask for, or null when none is given.</summary>
    public IRunNotifier? Notifier(ParseResult parse, HttpClient http)
    {
        var notifiers = new List<IRunNotifier>();
        if (parse.GetValue(Webhook) is { } webhook && !string.IsNullOrWhiteSpace(webhook)) notifiers.Add(new WebhookNotifier(http, new Uri(webhook)));
        if (parse.GetValue(Smtp) is { } smtp && !string.IsNullOrWhiteSpace(smtp))
        {
            var configured = SmtpNotificationSettings.From(AcquisitionOptions.BuildConfiguration());
            notifiers.Add(new EmailNotifier(configured.Apply(smtp, parse.GetValue(SmtpTls))));
        }
        return notifiers.Count == 0 ? null : new CompositeNotifier(notifiers);
    }

    /// <summary>What notifies each finished run of <c>run</c> and <c>backfill</c> (one month each), or null when no notifier is
    /// given: runs that succeeded, failed or were cancelled (Ctrl-C; then within 5 s), except a failure already notified within
    /// the day by any process using the warehouse (<see cref="RepeatedFailures"/>): a <c>run</c> or <c>backfill</c> from cron
    /// that fails the same way every hour alerts once a day per month. A notification that fails is reported on stderr, never
    /// thrown: the exit code stays the run's.</summary>
    /// <param name="successesAfterFailureOnly">Notify a month's success only when it ends a failure that was notified (a
    /// recovery), as <c>backfill</c> does: a backfill over years of history would otherwise send a message per month loaded.</param>
    public Func<RunSummary, CancellationToken, Task>? Sender(ParseResult parse, HttpClient http, CliContext context, IWarehouse warehouse,
        bool successesAfterFailureOnly = false)
    {
        if (Notifier(parse, http) is not { } notifier) return null;
        var repeated = new RepeatedFailures(warehouse.Runs, RepeatedFailures.DefaultInterval, log: context.Output.WriteLine);
        return (summary, ct) => NotifyAsync(context, warehouse.Runs, repeated, notifier, summary, successesAfterFailureOnly, ct);
    }

    private static async Task NotifyAsync(CliContext context, IRunStore runs, RepeatedFailures repeated, IRunNotifier notifier, RunSummary summary,
        bool successesAfterFailureOnly, CancellationToken ct)
    {
        if (summary.State is not (RunState.Success or RunState.Failed or RunState.Cancelled)) return;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var token = summary.State == RunState.Cancelled ? limit.Token : ct;
        try
        {
            var quiet = successesAfterFailureOnly && summary.State == RunState.Success && summary.Month is { } month
                        && await runs.GetNotifiedFailureAsync(summary.Dag, month, token) is null;
            if (quiet || !await repeated.ShouldNotifyAsync(summary, token)) return;
            await notifier.NotifyAsync(summary, token);
        }
        catch (Exception e) when (e is not OperationCanceledException || summary.State == RunState.Cancelled)
        {
            var causes = e is AggregateException all ? all.InnerExceptions.Select(i => i.Message) : [e.Message];
            await context.Error.WriteLineAsync($"Notification failed: {string.Join("; ", causes)}");
        }
    }
}
