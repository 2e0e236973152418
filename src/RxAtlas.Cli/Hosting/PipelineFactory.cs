using RxAtlas.Acquisition;
using RxAtlas.Acquisition.Geocoding;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Pipeline.Prescribing;
using RxAtlas.Warehouse;
using PipelineLake = RxAtlas.Pipeline.Prescribing.Lake;

namespace RxAtlas.Cli.Hosting;

/// <summary>Builds the monthly prescribing DAG's runner the way the CLI's <c>run</c>, <c>backfill</c> and <c>schedule</c> use it.</summary>
internal sealed class PipelineFactory : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>The lake root: <c>Lake:Root</c> in appsettings / <c>RXATLAS_Lake__Root</c>, default <c>./data/lake</c>.</summary>
    public static string LakeRoot(AcquisitionOptions options) => options.Lake.Root;

    /// <param name="lakeRoot">The lake to use instead of configuration's (<see cref="LakeRoot"/>): the demo keeps its own.</param>
    public PrescribingDagSettings Settings(IWarehouse warehouse, string? fromDir, string geocoder, CliContext context, string? lakeRoot = null)
    {
        var configuration = AcquisitionOptions.BuildConfiguration();
        var options = AcquisitionOptions.FromConfiguration(configuration);
        var lake = new PipelineLake(lakeRoot ?? LakeRoot(options));
        IReleaseAcquirer acquirer;
        if (fromDir is not null)
        {
            acquirer = new DirectoryAcquirer(fromDir);
        }
        else
        {
            var catalog = SourceCatalog.Create(options, line => context.Error.WriteLine(line));
            _owned.Add(catalog);
            acquirer = new FetchingAcquirer(catalog);
        }
        var located = Geocoder(geocoder, options, fromDir is not null);
        return new PrescribingDagSettings(warehouse, lake)
        {
            Acquirer = acquirer,
            Geocode = located is null ? null : located.GeocodeAsync,
            ValidateRowsWhenStaging = true,
            // (connection failures are retried by DefaultTaskOptions.ShouldRetry; the runner clears the pool before a retry)
            TaskOptions = TaskRetrySettings.From(configuration).Apply(PrescribingDag.DefaultTaskOptions),
        };
    }

    /// <summary><c>postcodes.io</c> (online, cached), <c>onspd:PATH</c> (offline ONS Postcode Directory), <c>none</c>, or
    /// <c>auto</c>: none when running from a local folder (air-gapped), postcodes.io otherwise.</summary>
    private IGeocoder? Geocoder(string spec, AcquisitionOptions options, bool offline)
    {
        if (spec.StartsWith("onspd:", StringComparison.OrdinalIgnoreCase)) return new OnspdGeocoder(spec["onspd:".Length..]);
        switch (spec.ToLowerInvariant())
        {
            case "none":
            case "auto" when offline:
                return null;
            case "auto":
            case "postcodes.io":
                var cache = new JsonFilePostcodeCache(Path.Combine(options.Lake.Root, "postcode-cache.json"));
                var geocoder = PostcodesIoGeocoder.Create(options, cache);
                if (geocoder is IDisposable disposable) _owned.Add(disposable);
                return geocoder;
            default:
                throw new ArgumentException($"Unknown geocoder '{spec}': use auto, postcodes.io, onspd:PATH or none.");
        }
    }

    /// <param name="quiet">Print only the task changes that carry an error (a failed try), not every task's progress.</param>
    public static MonthlyRunner Runner(PrescribingDagSettings settings, CliContext context, int parallelism = 4, bool quiet = false) =>
        PrescribingDag.CreateRunner(settings, new DagRunnerOptions
        {
            MaxParallelism = parallelism,
            OnConnectionLost = ConnectionReset.For(settings.Warehouse),
            OnTaskChanged = task =>
            {
                if (!quiet || task.Error is not null) context.Output.WriteLine($"  {task.TaskId,-20} {task.State,-15} try {task.TryNumber}{(task.Error is null ? "" : "  " + task.Error)}");
            },
            // Every log line is kept with its task (rxatlas runs); a task's warnings (a load that replaced a month loaded from
            // another dataset) are shown as they happen too.
            OnLog = (task, line) =>
            {
                if (PrescribingDag.IsWarning(line)) context.Output.WriteLine($"  {task,-20} {line}");
            },
        });

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }
}
