using Microsoft.AspNetCore.Builder;
using RxAtlas.Web.Runs;

namespace RxAtlas.Web;

/// <summary>Optional settings for <see cref="RxAtlasWebApp.Build"/>.</summary>
public sealed class RxAtlasWebOptions
{
    /// <summary>Every setting at its default.</summary>
    public static RxAtlasWebOptions Default { get; } = new();

    /// <summary>Command-line arguments handed to the host's configuration (e.g. <c>--Web:MapStyleUrl=…</c>).</summary>
    public string[] Args { get; init; } = [];

    /// <summary>A MapLibre style URL for the base map. Overrides configuration <c>Web:MapStyleUrl</c>. When neither is set the
    /// map has a plain background and no tiles, so the page works with no network at all.</summary>
    public string? MapStyleUrl { get; init; }

    /// <summary>How many rows of answers the in-memory response cache may hold (a map answer has a row per practice). The
    /// default, 500,000, is roughly 100–150 MB.</summary>
    public long CacheRows { get; init; } = Api.ResponseCache.DefaultCapacityRows;

    /// <summary>The DAG shapes the runs page draws; defaults to <see cref="IDagDescription"/> from services, else none.</summary>
    public IDagDescription? Dags { get; init; }

    /// <summary>Last word on the builder before it is built: register services, swap the server for a test server, set logging.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }
}
