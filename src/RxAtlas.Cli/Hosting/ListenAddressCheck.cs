using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using RxAtlas.Web.Hosting;

namespace RxAtlas.Cli.Hosting;

/// <summary>Checks, before any long work, that the web server will be able to listen where it is asked to: a port another
/// program holds is reported as one line naming the address and what to do, not as Kestrel's stack trace after the work.</summary>
internal static class ListenAddressCheck
{
    /// <summary>The URLs the server will listen on (<c>--urls</c>, else <c>ASPNETCORE_URLS</c>/<c>URLS</c>, else
    /// appsettings.json's <c>urls</c>, else <see cref="ListenUrls.Default"/>); null when configuration's
    /// <c>Kestrel:Endpoints</c> decides (then only the server's own start can tell).</summary>
    public static string? EffectiveUrls(string? urls, Func<string, string?> environment, IConfiguration configuration)
    {
        if (ListenUrls.Explicit(urls, environment) is { } given) return given;
        if (!string.IsNullOrWhiteSpace(configuration["urls"])) return configuration["urls"];
        return configuration.GetSection("Kestrel:Endpoints").Exists() ? null : ListenUrls.Default;
    }

    /// <summary>Throws <see cref="IOException"/> (one line: the address, and to free it or choose another with <c>--urls</c>)
    /// when any of the URLs the server would listen on (<see cref="EffectiveUrls"/>) is already taken; port 0 (any free port)
    /// and addresses that cannot be parsed are left to the server.</summary>
    public static void ThrowIfTaken(string? urls)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .Build();
        if (EffectiveUrls(urls, Environment.GetEnvironmentVariable, configuration) is not { } effective) return;
        foreach (var url in effective.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Endpoint(url) is not { } endpoint) continue;
            using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(endpoint);
                probe.Listen();
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw Taken(url, ex);
            }
        }
    }

    /// <summary>The one-line error for a listen address that cannot be used.</summary>
    public static IOException Taken(string url, Exception? inner = null) => new(
        $"Cannot listen at {url}: the address is already in use (or not allowed). Stop the program using it, or listen " +
        "elsewhere with --urls, e.g. --urls http://127.0.0.1:5001.", inner);

    /// <summary>The endpoint a URL binds, as Kestrel reads it: <c>localhost</c> is loopback, a host name or <c>*</c>/<c>+</c>
    /// every interface; null for port 0 or a URL that does not parse.</summary>
    internal static IPEndPoint? Endpoint(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null;
        }
        if (address.IsUnixPipe || address.IsNamedPipe || address.Port <= 0) return null;
        var host = address.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, address.Port);
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? new IPEndPoint(ip, address.Port) : new IPEndPoint(IPAddress.Any, address.Port);
    }
}
