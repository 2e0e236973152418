using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace RxAtlas.Web.Hosting;

/// <summary>Where the web app listens. Precedence, highest first: URLs the caller gives (the command line's <c>--urls</c>),
/// then the environment's <c>ASPNETCORE_URLS</c> (or <c>URLS</c>, <c>DOTNET_URLS</c>), then configuration (<c>urls</c> or
/// <c>Kestrel:Endpoints</c> in appsettings.json), then <see cref="Default"/>. URLs given explicitly replace configuration's
/// <c>Kestrel:Endpoints</c> (which ASP.NET Core would otherwise let win, with only a warning); the rest of the
/// <c>Kestrel</c> section still applies.</summary>
public static class ListenUrls
{
    /// <summary>Where the app listens when nothing says otherwise: loopback only, port 5000.</summary>
    public const string Default = "http://127.0.0.1:5000";

    /// <summary>The environment variables that name listen URLs, highest precedence first.</summary>
    public static IReadOnlyList<string> EnvironmentVariables { get; } = ["ASPNETCORE_URLS", "URLS", "DOTNET_URLS"];

    /// <summary>The URLs given explicitly — <paramref name="commandLine"/>, else the first of
    /// <see cref="EnvironmentVariables"/> that is set — or null to leave them to configuration.</summary>
    public static string? Explicit(string? commandLine, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(commandLine)) return commandLine;
        return EnvironmentVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
    }

    /// <summary>Applies <paramref name="urls"/> (explicit, winning over configuration) or, when null, leaves the choice to
    /// configuration with <see cref="Default"/> beneath it.</summary>
    internal static void Apply(WebApplicationBuilder builder, string? urls)
    {
        if (urls is null)
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && !HasConfiguredEndpoints(builder.Configuration))
                builder.WebHost.UseUrls(Default);
            return;
        }
        builder.WebHost.UseUrls(urls);
        if (!HasConfiguredEndpoints(builder.Configuration)) return;
        var kestrel = builder.Configuration.GetSection("Kestrel");
        var withoutEndpoints = new ConfigurationBuilder().AddInMemoryCollection(kestrel.AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null && !IsEndpointsKey(setting.Key))).Build();
        builder.WebHost.ConfigureKestrel(kestrelOptions => kestrelOptions.Configure(withoutEndpoints, reloadOnChange: false));
    }

    private static bool HasConfiguredEndpoints(IConfiguration configuration) => configuration.GetSection("Kestrel:Endpoints").Exists();

    private static bool IsEndpointsKey(string key) =>
        key.Equals("Endpoints", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Endpoints:", StringComparison.OrdinalIgnoreCase);
}
