using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxAtlas.Cli.Tests;

/// <summary>A loopback webhook receiver: answers every POST 200 and keeps the bodies, in order.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _bodies = [];
    private readonly Task _loop;

    public WebhookReceiver()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";
        _loop = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>The bodies received so far.</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies) return [.. _bodies];
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                var body = await ReadRequestBodyAsync(stream);
                lock (_bodies) _bodies.Add(body);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<string> ReadRequestBodyAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfBlankLine(received)) < 0)
            received.AddRange(buffer.AsSpan(0, await stream.ReadAsync(buffer, _stop.Token)).ToArray());
        var headers = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
        var length = int.Parse(headers.Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            ["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (received.Count < headerEnd + 4 + length)
            received.AddRange(buffer.AsSpan(0, await stream.ReadAsync(buffer, _stop.Token)).ToArray());
        return Encoding.UTF8.GetString([.. received.Skip(headerEnd + 4).Take(length)]);
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
