using System.CommandLine;
using RxAtlas.Acquisition;
using RxAtlas.Cli.Hosting;
using RxAtlas.Pipeline.Notifications;

namespace RxAtlas.Cli.Commands;

/// <summary><c>--webhook</c>, <c>--smtp</c> and <c>--smtp-tls</c>: where <c>run</c> and <c>schedule</c> send run summaries.</summary>
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
}
