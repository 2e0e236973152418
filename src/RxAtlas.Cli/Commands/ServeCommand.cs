using System.CommandLine;
using RxAtlas.Cli.Hosting;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas serve</c>: the map page and the JSON/CSV API over the warehouse.</summary>
internal static class ServeCommand
{
    public static Option<string> Urls() => new("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };

    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var urls = Urls();
        var readOnly = CommonOptions.ReadOnly();
        var command = new Command("serve", "Serve the prescribing map and its API.") { warehouse, urls, readOnly };
        command.SetAction(async (parse, ct) =>
        {
            await using var w = await Warehouses.OpenExistingAsync(parse.GetValue(warehouse), parse.GetValue(readOnly), cancellationToken: ct);
            await WebHost.ServeAsync(context, w, parse.GetValue(urls)!, ct);
            return 0;
        });
        return command;
    }
}
