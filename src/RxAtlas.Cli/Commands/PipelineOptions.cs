using System.CommandLine;

namespace RxAtlas.Cli.Commands;

/// <summary>Options shared by the commands that run the monthly DAG.</summary>
internal sealed class PipelineOptions
{
    public Option<string?> Warehouse { get; } = CommonOptions.Warehouse();
    public Option<string?> FromDir { get; } = new("--from-dir") { Description = "Take the month's files from this local folder instead of the internet (air-gapped runs)." };
    public Option<string> Geocoder { get; } = new("--geocoder") { Description = "auto (none with --from-dir, else postcodes.io), postcodes.io, onspd:PATH or none.", DefaultValueFactory = _ => "auto" };

    public void AddTo(Command command)
    {
        command.Options.Add(Warehouse);
        command.Options.Add(FromDir);
        command.Options.Add(Geocoder);
    }
}
