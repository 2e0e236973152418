using RxAtlas.Cli.Hosting;
using RxAtlas.Cli.Commands;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Cli.Tests;

/// <summary>Advice and settings that must fit the command and never leak a password.</summary>
public sealed class OperationsAdviceTests
{
    private static System.CommandLine.Command Command(string name) =>
        CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)).Subcommands.Single(c => c.Name == name);

    [Fact]
    public void BusyDuckDbFile_RunIsNotToldToOpenItReadOnly()
    {
        var busy = new WarehouseInUseException("The warehouse /data/w.duckdb is in use by another process.");

        var forRun = CliErrors.Describe(busy, Command("run"));
        var forQuery = CliErrors.Describe(busy, Command("query"));

        Assert.DoesNotContain("--read-only", forRun, StringComparison.Ordinal);
        Assert.Contains("`rxatlas run` writes to the warehouse", forRun, StringComparison.Ordinal);
        Assert.Contains("rxatlas query --read-only", forQuery, StringComparison.Ordinal);
    }

    [Fact]
    public void Smtp_TlsAndCredentialsFromConfiguration_PasswordNeverShown()
    {
        var configured = new SmtpNotificationSettings { Tls = "on", UserName = "rxatlas@nhs.net", Password = "s3cret-pw" };

        var settings = configured.Apply("send.nhs.net:587,rxatlas@nhs.net,ops@nhs.net", tlsOption: null);

        Assert.Equal((SmtpTls.On, "rxatlas@nhs.net", "s3cret-pw", 587), (settings.Tls, settings.UserName, settings.Password, settings.Port));
        Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal(SmtpTls.Off, new SmtpNotificationSettings().Apply("relay.internal:25,a@x.test,b@x.test", "off").Tls);
        Assert.Equal(SmtpTls.Auto, new SmtpNotificationSettings().Apply("relay.internal:25,a@x.test,b@x.test", null).Tls);
    }

    [Fact]
    public void Smtp_PasswordWithTlsOffOrHalfCredentials_IsRefused()
    {
        var off = Assert.Throws<ArgumentException>(() =>
            new SmtpNotificationSettings { UserName = "u", Password = "s3cret-pw" }.Apply("relay:25,a@x.test,b@x.test", "off"));
        var half = Assert.Throws<ArgumentException>(() => new SmtpNotificationSettings { UserName = "u" }.Apply("relay:25,a@x.test,b@x.test", null));
        Assert.Throws<ArgumentException>(() => new SmtpNotificationSettings().Apply("relay:25,a@x.test,b@x.test", "maybe"));

        Assert.Contains("in the clear", off.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", off.Message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Smtp:Password", half.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_HasNoPasswordOption()
    {
        Assert.DoesNotContain(Command("schedule").Options, o => o.Name.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Command("schedule").Options, o => o.Name == "--smtp-tls");
    }

    [Fact]
    public void Runs_InterruptedWithUnknownEnd_ShowsAQuestionMarkNotATime()
    {
        var started = new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal("?", RunsCommand.Duration(started, null, RunState.Interrupted));
        Assert.Equal("", RunsCommand.Duration(started, null, RunState.Running));
        Assert.Equal("0.3s", RunsCommand.Duration(started, started.AddMilliseconds(300), RunState.Success));
    }
}
