using Microsoft.Extensions.Configuration;
using RxAtlas.Pipeline.Notifications;

namespace RxAtlas.Cli.Hosting;

/// <summary>How <c>schedule --smtp</c> talks to the mail server: configuration keys <c>Notifications:Smtp:Tls</c>
/// (<c>auto</c>, <c>on</c>, <c>off</c>), <c>Notifications:Smtp:UserName</c> and <c>Notifications:Smtp:Password</c>
/// (environment <c>RXATLAS_Notifications__Smtp__Password</c> and so on). The password is read only from configuration or
/// the environment, never from the command line, and is never printed.</summary>
internal sealed class SmtpNotificationSettings
{
    public const string Section = "Notifications:Smtp";

    public string? Tls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public static SmtpNotificationSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SmtpNotificationSettings>() ?? new SmtpNotificationSettings();

    /// <summary>Parses <c>--smtp host:port,from,to[,to…]</c> and applies the TLS mode (<paramref name="tlsOption"/> when
    /// given, else the configured one, else auto) and the configured credentials.</summary>
    /// <exception cref="ArgumentException">A malformed <c>--smtp</c> value, an unknown TLS mode, or a user name without a
    /// password (or the reverse).</exception>
    public SmtpSettings Apply(string smtp, string? tlsOption)
    {
        var parts = smtp.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var hostPort = parts.Length > 0 ? parts[0].Split(':') : [];
        if (parts.Length < 3 || hostPort.Length != 2 || !int.TryParse(hostPort[1], out var port))
            throw new ArgumentException("--smtp expects host:port,from,to[,to…].");
        var tlsText = tlsOption ?? Tls ?? "auto";
        if (!Enum.TryParse<SmtpTls>(tlsText, ignoreCase: true, out var tls) || !Enum.IsDefined(tls))
            throw new ArgumentException($"SMTP TLS mode '{tlsText}' (--smtp-tls or {Section}:Tls) must be auto, on or off.");
        var user = string.IsNullOrWhiteSpace(UserName) ? null : UserName.Trim();
        var password = string.IsNullOrEmpty(Password) ? null : Password;
        if ((user is null) != (password is null))
            throw new ArgumentException($"SMTP credentials need both {Section}:UserName and {Section}:Password " +
                                        "(e.g. environment RXATLAS_Notifications__Smtp__Password); only one is set.");
        if (tls == SmtpTls.Off && user is not null)
            throw new ArgumentException("SMTP credentials are set but TLS is off: the password would be sent in the clear. Use --smtp-tls on or auto.");
        return new SmtpSettings(hostPort[0], port, parts[1], parts[2..]) { Tls = tls, UserName = user, Password = password };
    }
}
