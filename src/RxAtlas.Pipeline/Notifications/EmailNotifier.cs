using System.Net;
using System.Net.Mail;
using System.Text;

namespace RxAtlas.Pipeline.Notifications;

/// <summary>Whether <see cref="EmailNotifier"/> secures the SMTP connection with STARTTLS.</summary>
public enum SmtpTls
{
    /// <summary>STARTTLS when the server offers it; a server that does not (a plain internal relay) is used unencrypted, but
    /// only when no credentials are set: a password is never sent in the clear.</summary>
    Auto,

    /// <summary>Always STARTTLS (e.g. NHSmail on port 587); a server without it is an error.</summary>
    On,

    /// <summary>Never: a plain relay on a trusted network.</summary>
    Off,
}

/// <summary>SMTP settings for <see cref="EmailNotifier"/>.</summary>
public sealed record SmtpSettings(string Host, int Port, string From, IReadOnlyList<string> To)
{
    public SmtpTls Tls { get; init; } = SmtpTls.Auto;

    public string? UserName { get; init; }

    /// <summary>Never logged or shown (<see cref="ToString"/> leaves it out).</summary>
    public string? Password { get; init; }

    /// <summary>The settings without the password.</summary>
    public override string ToString() =>
        $"{Host}:{Port} from {From} to {string.Join(", ", To)}, TLS {Tls}{(UserName is null ? "" : $", user {UserName}")}";
}

/// <summary>Emails a plain-text summary of the run over SMTP.</summary>
public sealed class EmailNotifier(SmtpSettings settings) : IRunNotifier
{
    public async Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        using var message = BuildMessage(settings, summary);
        try
        {
            await SendAsync(message, settings.Tls != SmtpTls.Off, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpException e) when (settings.Tls == SmtpTls.Auto && settings.UserName is null && IsNoStartTls(e))
        {
            await SendAsync(message, enableSsl: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(MailMessage message, bool enableSsl, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(settings.Host, settings.Port) { EnableSsl = enableSsl };
        if (settings.UserName is not null) client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        await client.SendMailAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server does not offer STARTTLS (SmtpClient's "Server does not support secure connections").</summary>
    private static bool IsNoStartTls(SmtpException e) =>
        e.Message.Contains("secure connection", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message sent: subject is the headline, body lists each task's state.</summary>
    public static MailMessage BuildMessage(SmtpSettings settings, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(summary);
        if (settings.To.Count == 0) throw new ArgumentException("An email notification needs at least one recipient.", nameof(settings));
        var message = new MailMessage
        {
            From = new MailAddress(settings.From),
            Subject = $"[RxAtlas] {summary.Dag}{(summary.Month is { } m ? " " + m : "")}: {summary.State}",
            Body = Body(summary),
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
        };
        foreach (var to in settings.To) message.To.Add(new MailAddress(to));
        return message;
    }

    private static string Body(RunSummary summary)
    {
        var text = new StringBuilder();
        text.AppendLine(summary.Headline);
        text.AppendLine();
        text.AppendLine($"Run:      {(summary.RunId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "not started")}");
        text.AppendLine($"Trigger:  {summary.Trigger}");
        text.AppendLine($"Started:  {summary.Started:u}");
        text.AppendLine($"Ended:    {summary.Ended:u} ({summary.Ended - summary.Started:hh\\:mm\\:ss})");
        if (summary.Error is not null) text.AppendLine($"Error:    {summary.Error}");
        if (summary.Tasks.Count > 0)
        {
            text.AppendLine();
            foreach (var (task, state) in summary.Tasks) text.AppendLine($"  {task,-20} {state}");
        }

        return text.ToString();
    }
}
