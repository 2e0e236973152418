using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Text;
using RxAtlas.Core;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Pipeline.Tests.Support;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Notifications;

/// <summary>What notifiers put on the wire, read by minimal loopback servers like the receivers operators use.</summary>
public class NotifierWireTests
{
    private static readonly RunSummary Failed = new(
        "prescribing_monthly", 12, new YearMonth(2019, 11), RunState.Failed,
        new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 5, 7, 2, 30, TimeSpan.Zero),
        "load: boom", new Dictionary<string, RunState> { ["load"] = RunState.Failed }, "schedule");

    [Fact]
    public async Task Webhook_SendsABufferedBodyWithContentLengthNotChunked()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ReadOneHttpRequestAsync(listener);
        using var http = new HttpClient();

        await new WebhookNotifier(http, new Uri($"http://127.0.0.1:{port}/hook")).NotifyAsync(Failed, CancellationToken.None).Within();
        var (headers, body) = await received.Within();

        Assert.DoesNotContain("transfer-encoding", headers, StringComparison.OrdinalIgnoreCase);
        var length = headers.Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("{\"text\":\"prescribing_monthly 2019-11: Failed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_PlainRelayWithoutStartTls_DeliversWhenTlsIsAutoOrOff()
    {
        foreach (var tls in new[] { SmtpTls.Auto, SmtpTls.Off })
        {
            await using var relay = FakeSmtpRelay.Start();
            var settings = new SmtpSettings("127.0.0.1", relay.Port, "rxatlas@example.test", ["ops@example.test"]) { Tls = tls };

            await new EmailNotifier(settings).NotifyAsync(Failed, CancellationToken.None).Within();

            Assert.Contains("Subject: [RxAtlas] prescribing_monthly 2019-11: Failed", await relay.Message.Within(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Email_PlainRelayWithoutStartTls_TlsOnOrCredentials_RefusesRatherThanSendInTheClear()
    {
        await using var relay = FakeSmtpRelay.Start();
        var on = new SmtpSettings("127.0.0.1", relay.Port, "rxatlas@example.test", ["ops@example.test"]) { Tls = SmtpTls.On };
        var withPassword = on with { Tls = SmtpTls.Auto, UserName = "rxatlas", Password = "s3cret-pw" };

        var refused = await Assert.ThrowsAsync<SmtpException>(() => new EmailNotifier(on).NotifyAsync(Failed, CancellationToken.None).Within());
        await Assert.ThrowsAsync<SmtpException>(() => new EmailNotifier(withPassword).NotifyAsync(Failed, CancellationToken.None).Within());

        Assert.Contains("secure connection", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", relay.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", withPassword.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Reads one request's headers and Content-Length body (as Python's http.server does: no chunked decoding).</summary>
    private static async Task<(string Headers, string Body)> ReadOneHttpRequestAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer) && await stream.ReadAsync(one) == 1) buffer.Add(one[0]);
        var headers = Encoding.ASCII.GetString([.. buffer]);
        var lengthLine = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body);
        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        return (headers, Encoding.UTF8.GetString(body));
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    /// <summary>A plain SMTP relay (no STARTTLS, no AUTH offered) on loopback that accepts one message per connection.</summary>
    private sealed class FakeSmtpRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource<string> _message = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _transcript = new();
        private readonly CancellationTokenSource _stop = new();
        private Task? _serving;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<string> Message => _message.Task;

        public string Transcript
        {
            get { lock (_transcript) return _transcript.ToString(); }
        }

        public static FakeSmtpRelay Start()
        {
            var relay = new FakeSmtpRelay();
            relay._listener.Start();
            relay._serving = relay.ServeAsync();
            return relay;
        }

        private async Task ServeAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    await ConverseAsync(client.GetStream());
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ConverseAsync(NetworkStream stream)
        {
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 relay.test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                lock (_transcript) _transcript.AppendLine(line);
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-relay.test");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go ahead");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } body && body != ".") data.AppendLine(body);
                        await writer.WriteLineAsync("250 queued");
                        _message.TrySetResult(data.ToString());
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    case "STARTTLS":
                    case "AUTH":
                        await writer.WriteLineAsync("502 not implemented");
                        break;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            if (_serving is not null) await _serving.WaitAsync(TimeSpan.FromSeconds(20));
            _stop.Dispose();
        }
    }
}
