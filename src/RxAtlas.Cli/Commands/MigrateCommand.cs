using System.CommandLine;
using RxAtlas.Cli.Hosting;
using RxAtlas.Warehouse;

namespace RxAtlas.Cli.Commands;

/// <summary><c>rxatlas migrate</c>: creates the warehouse's schema or upgrades it to this build's version, and nothing else —
/// the explicit step of an upgrade, before the commands that only read (which never migrate) run on the new build. A schema
/// newer than this build knows is refused (exit 3), unchanged.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var warehouse = CommonOptions.Warehouse();
        var command = new Command("migrate", "Create the warehouse schema, or upgrade it to this build's version (refusing a newer one).") { warehouse };
        command.SetAction(async (parse, ct) =>
        {
            var location = WarehouseLocation.Resolve(parse.GetValue(warehouse));
            await using var w = Warehouses.Create(location, readOnly: false, migrate: false, context.Error);
            var before = await w.SchemaVersionAsync(ct);
            await w.MigrateAsync(ct);
            var after = await w.SchemaVersionAsync(ct);
            await context.Output.WriteLineAsync(Describe(w.DisplayName, before.Found, after.Found ?? after.Known));
            return 0;
        });
        return command;
    }

    /// <summary>What <c>migrate</c> reports.</summary>
    internal static string Describe(string warehouse, int? before, int after) => before switch
    {
        null => $"{warehouse}: schema created at version {after}.",
        _ when before == after => $"{warehouse}: schema already at version {after}; nothing to do.",
        _ => $"{warehouse}: schema upgraded from version {before} to {after}.",
    };
}
