using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Warehouse;
using RxAtlas.Web;
using RxAtlas.Web.Hosting;
using RxAtlas.Web.Runs;
using Spectre.Console;

namespace RxAtlas.Cli.Hosting;

/// <summary>Serves the web app over a warehouse until cancelled (Ctrl-C).</summary>
internal static class WebHost
{
    /// <param name="mapStyleUrl">The base map's MapLibre style URL (<c>--map-style-url</c>); null leaves it to configuration
    /// (<c>Web__MapStyleUrl</c>, appsettings.json).</param>
    /// <param name="urls"><c>--urls</c>; null leaves them to <c>ASPNETCORE_URLS</c>/<c>URLS</c>, then configuration, then
    /// <see cref="ListenUrls.Default"/> (<see cref="ListenUrls"/>).</param>
    public static async Task ServeAsync(CliContext context, IWarehouse warehouse, string? urls, string? mapStyleUrl, CancellationToken cancellationToken)
    {
        ListenAddressCheck.ThrowIfTaken(urls);
        var dag = PrescribingDag.Build(new PrescribingDagSettings(warehouse, new Lake(Path.Combine("data", "lake"))));
        var app = RxAtlasWebApp.Build(warehouse, ListenUrls.Explicit(urls, Environment.GetEnvironmentVariable), new RxAtlasWebOptions
        {
            Dags = new StaticDagDescription([Shape(dag)]),
            MapStyleUrl = string.IsNullOrWhiteSpace(mapStyleUrl) ? null : mapStyleUrl,
            // A failed start (a port taken after the check above) is reported by the command as one line; the host would
            // also log it with its stack trace.
            ConfigureBuilder = builder => builder.Logging.AddFilter(HostCategory, LogLevel.Critical),
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            throw ListenAddressCheck.Taken(ListenUrls.Explicit(urls, Environment.GetEnvironmentVariable) ?? ListenUrls.Default, ex);
        }
        foreach (var address in RxAtlasWebApp.ListeningAddresses(app))
            context.Console.MarkupLine($"Serving [blue]{Markup.Escape(warehouse.DisplayName)}[/] at [link]{Markup.Escape(address)}[/] (runs: {Markup.Escape(address)}/runs.html) — Ctrl-C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    /// <summary>The logging category of the generic host, which logs a failed start as an error with its stack trace.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>The DAG's tasks and edges for the runs page's graph.</summary>
    internal static DagShape Shape(Dag dag) => new(
        dag.Name,
        [.. dag.Tasks.Select(t => t.Id)],
        [.. dag.Tasks.SelectMany(t => t.DependsOn.Select(up => new DagEdge(up, t.Id)))]);
}
