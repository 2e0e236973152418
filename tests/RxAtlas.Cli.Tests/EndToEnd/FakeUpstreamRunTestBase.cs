using System.Security.Cryptography;
using RxAtlas.Core;
using AcquisitionLake = RxAtlas.Acquisition.Lake;

namespace RxAtlas.Cli.Tests.EndToEnd;

/// <summary>Shared plumbing of the <c>rxatlas run</c> end-to-end tests: a generated month served by a fake upstream, the
/// <c>RXATLAS_*</c> variables pointing the CLI at it and at a temporary lake (restored afterwards), and a DuckDB warehouse.</summary>
/// <remarks>Derived classes must be in <see cref="FetchEndToEndCollection"/>: the environment is process-wide.</remarks>
public abstract class FakeUpstreamRunTestBase : IAsyncLifetime
{
    protected static readonly YearMonth Month = new(2021, 3);

    private readonly TempDir _dir = new();
    private GeneratedUpstream? _upstream;
    private EnvironmentScope? _environment;

    protected GeneratedUpstream Upstream => _upstream ?? throw new InvalidOperationException("Not initialised.");

    protected string Warehouse => "duckdb:" + _dir["warehouse.duckdb"];

    protected string LakeRoot => _dir["lake"];

    protected AcquisitionLake Lake => new(LakeRoot);

    protected string Folder(string name) => _dir[name];

    public async Task InitializeAsync()
    {
        _upstream = await GeneratedUpstream.StartAsync(_dir["upstream"], Month);
        _environment = new EnvironmentScope(_upstream.Environment(LakeRoot));
    }

    public async Task DisposeAsync()
    {
        _environment?.Dispose();
        if (_upstream is not null) await _upstream.DisposeAsync();
        _dir.Dispose();
    }

    protected Task<(int Exit, string Out, string Err)> RunMonthAsync() =>
        CliRunner.RunAsync("run", "--month", Month.ToString(), "--warehouse", Warehouse, "--geocoder", "postcodes.io");

    /// <summary>Runs read-only SQL through <c>rxatlas query</c>; the rows without the header, cells split on commas.</summary>
    protected async Task<List<string[]>> QueryCsvAsync(string sql)
    {
        var query = await CliRunner.RunAsync("query", "--warehouse", Warehouse, "--format", "csv", sql);
        Assert.True(query.Exit == 0, query.Err);
        return query.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..]
            .Select(line => line.Split(',')).ToList();
    }

    /// <summary>Part files, their validators and temporary manifests left anywhere in the lake.</summary>
    protected List<string> LeftoverTemporaryFiles() =>
        Directory.Exists(LakeRoot)
            ? [.. Directory.EnumerateFiles(LakeRoot, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".part", StringComparison.Ordinal) || f.EndsWith(".part.json", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal))]
            : [];

    protected static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
