using System.CommandLine;
using RxAtlas.Cli.Hosting;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas serve</c>: the map page and the JSON/CSV API over the warehouse.</summary>
internal static class ServeCommand
{
    public static Option<string?> Urls() => new("--urls")
    {
        Description = "Where to listen, e.g. http://0.0.0.0:8080 (several separated by ';'). Wins over $ASPNETCORE_URLS (or $URLS), " +
            "which win over configuration (urls or Kestrel:Endpoints in ./appsettings.json); default http://127.0.0.1:5000.",
    };

    public static Option<string?> MapStyleUrl() => new("--map-style-url")
    {
        Description = "A MapLibre style URL for the base map (overrides configuration Web:MapStyleUrl, e.g. $Web__MapStyleUrl). " +
            "Without one the map has a plain background and works offline.",
    };

    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var urls = Urls();
        var readOnly = CommonOptions.ReadOnly();
        var mapStyleUrl = MapStyleUrl();
        var command = new Command("serve", "Serve the prescribing map and its API.") { warehouse, urls, readOnly, mapStyleUrl };
        command.SetAction(async (parse, ct) =>
        {
            ListenAddressCheck.ThrowIfTaken(parse.GetValue(urls)); // before opening the warehouse (and again as it starts)
            await using var w = await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), parse.GetValue(readOnly), cancellationToken: ct);
            await WebHost.ServeAsync(context, w, parse.GetValue(urls), parse.GetValue(mapStyleUrl), ct);
            return 0;
        });
        return command;
    }
}
