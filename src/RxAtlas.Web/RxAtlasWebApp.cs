using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging;
using RxAtlas.Warehouse;
using RxAtlas.Web.Api;
using RxAtlas.Web.Hosting;
using RxAtlas.Web.Runs;
using RxAtlas.Web.Static;

namespace RxAtlas.Web;

/// <summary>Builds the RxAtlas web app: the JSON/CSV API over any <see cref="IWarehouse"/>, the map page and the runs page.</summary>
/// <example>
/// <code>
/// await using var warehouse = …;                       // the caller owns the warehouse
/// var app = RxAtlasWebApp.Build(warehouse, "http://127.0.0.1:5000");
/// await app.RunAsync(cancellationToken);
/// </code>
/// </example>
public static class RxAtlasWebApp
{
    /// <summary>The configuration key of the optional MapLibre base map style URL.</summary>
    public const string MapStyleUrlKey = "Web:MapStyleUrl";

    /// <summary>Builds (does not start) the app.</summary>
    /// <param name="warehouse">Read through <see cref="IWarehouse.Queries"/>, <see cref="IWarehouse.Runs"/> and
    /// <see cref="IWarehouse.DataVersionAsync"/>; not disposed by the app.</param>
    /// <param name="urls">Kestrel's listen URLs, e.g. <c>http://127.0.0.1:5000</c> (port 0 picks a free port; see
    /// <see cref="ListeningAddresses"/>); they win over configuration, <c>Kestrel:Endpoints</c> included. Null leaves them to
    /// configuration (<c>urls</c>, <c>Kestrel:Endpoints</c>, <c>ASPNETCORE_URLS</c>), else <see cref="ListenUrls.Default"/>;
    /// see <see cref="ListenUrls"/>.</param>
    /// <param name="options">Optional settings.</param>
    public static WebApplication Build(IWarehouse warehouse, string? urls = "http://127.0.0.1:5000", RxAtlasWebOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        options ??= new RxAtlasWebOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = options.Args,
            ApplicationName = typeof(RxAtlasWebApp).Assembly.GetName().Name,
        });
        ListenUrls.Apply(builder, urls);
        // Defaults below every other source (so --Logging:LogLevel:Microsoft.AspNetCore=Information still wins): without
        // this, ASP.NET Core logs several lines for every request, and a page load makes dozens.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });

        builder.Services.AddSingleton(warehouse);
        builder.Services.AddSingleton(_ => new ResponseCache(options.CacheRows));
        // The data version is read once per request (RequestDataVersion) and shared by the ETag, the cache and ApiData.
        builder.Services.AddScoped<RequestDataVersion>();
        builder.Services.AddScoped<ApiData>();
        builder.Services.AddProblemDetails();
        builder.Services.AddFailureLog();
        builder.Services.AddExceptionHandler<WarehouseUnavailableHandler>();
        builder.Services.AddResponseCompression(compression =>
        {
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["text/csv", "text/javascript", "application/problem+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.AddOpenApi(openApi =>
        {
            OpenApiParameterDocs.Add(openApi);
            OpenApiResponseDocs.Add(openApi);
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        if (options.Dags is not null) builder.Services.AddSingleton(options.Dags);
        options.ConfigureBuilder?.Invoke(builder);
        builder.Services.TryAddSingleton<IDagDescription, EmptyDagDescription>();

        var mapStyleUrl = options.MapStyleUrl ?? builder.Configuration[MapStyleUrlKey];
        builder.Services.AddSingleton(new ConditionalGet(warehouse, mapStyleUrl));
        var app = builder.Build();

        app.UseAccessLog();
        // HEAD is GET without the body; it runs as a GET from routing on (see HeadRequests), so it comes first.
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        var assets = new EmbeddedAssets(typeof(RxAtlasWebApp).Assembly);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = assets });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = assets });

        app.MapOpenApi();
        // Every endpoint refuses query parameters it does not take (a typo never reads as a different question).
        // Every endpoint may also answer 500 or, when the warehouse is momentarily unreachable, 503 (WarehouseUnavailableHandler).
        var endpoints = app.MapGroup("");
        endpoints.AddEndpointFilterFactory(StrictQuery.Create);
        endpoints.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapGet("/healthz", HealthAsync).WithTags("Health").WithName("Health")
            .WithSummary("Ok with the warehouse's engine and data version when it answers.");
        // Data answers change only with the data version: ETag, Cache-Control and 304 (runs change while data does not).
        var data = ConditionalGet.Apply(endpoints.MapGroup(""));
        data.MapPrescribingEndpoints();
        data.MapBnfEndpoints();
        data.MapPracticeEndpoints();
        data.MapReferenceEndpoints(mapStyleUrl);
        endpoints.MapRunEndpoints();
        return app;
    }

    /// <summary>The addresses the started app listens on (with the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> ListeningAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetService(typeof(IServer)) is IServer server ? server.Features.Get<IServerAddressesFeature>() : null;
        return feature?.Addresses.ToList() ?? [];
    }

    /// <summary>200 with the data version when the warehouse answers, else 503 ProblemDetails saying only that the warehouse is
    /// unreachable: which warehouse and why go to the log, not to anonymous callers.</summary>
    internal static async Task<Results<Ok<Health>, ProblemHttpResult>> HealthAsync(
        IWarehouse warehouse, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        try
        {
            var version = await warehouse.DataVersionAsync(cancellationToken);
            return TypedResults.Ok(new Health("ok", warehouse.Engine, version));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logs.CreateLogger(typeof(RxAtlasWebApp)).LogError(e, "Health check: the warehouse {Warehouse} did not answer", warehouse.DisplayName);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The warehouse is unreachable.");
        }
    }
}

/// <summary>The body of <c>/healthz</c>.</summary>
public sealed record Health(string Status, string Engine, long DataVersion);
