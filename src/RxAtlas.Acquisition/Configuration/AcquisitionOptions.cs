using Microsoft.Extensions.Configuration;

namespace RxAtlas.Acquisition;

/// <summary>Everything acquisition needs to know: where the lake is, where each upstream lives, how hard to retry.</summary>
/// <remarks>Bound from configuration keys such as <c>Lake:Root</c>, <c>Sources:Nhsbsa:BaseUrl</c>,
/// <c>Download:MaxRetries</c>; environment variables use the <c>RXATLAS_</c> prefix and <c>__</c> as the separator
/// (<c>RXATLAS_Sources__Nhsbsa__BaseUrl</c>).</remarks>
public sealed class AcquisitionOptions
{
    /// <summary>The prefix of environment variables read by <see cref="BuildConfiguration"/>.</summary>
    public const string EnvironmentPrefix = "RXATLAS_";

    public LakeOptions Lake { get; set; } = new();

    public SourcesOptions Sources { get; set; } = new();

    public DownloadOptions Download { get; set; } = new();

    /// <summary>Binds the options from <paramref name="configuration"/>; anything absent keeps its default.</summary>
    public static AcquisitionOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AcquisitionOptions();
        configuration.Bind(options);
        return options;
    }

    /// <summary>Reads <c>appsettings.json</c> (optional) from <paramref name="basePath"/> (default: the current folder),
    /// then environment variables prefixed <c>RXATLAS_</c>, which win.</summary>
    public static IConfigurationRoot BuildConfiguration(string? basePath = null) =>
        new ConfigurationBuilder()
            .SetBasePath(Path.GetFullPath(basePath ?? Directory.GetCurrentDirectory()))
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .Build();

    /// <summary><see cref="BuildConfiguration"/> then <see cref="FromConfiguration"/>.</summary>
    public static AcquisitionOptions Load(string? basePath = null) => FromConfiguration(BuildConfiguration(basePath));
}

/// <summary>Where the lake lives (key <c>Lake:Root</c>).</summary>
public sealed class LakeOptions
{
    public string Root { get; set; } = Path.Combine(".", "data", "lake");
}

/// <summary>The upstream base URLs (keys <c>Sources:Nhsbsa:BaseUrl</c>, …).</summary>
public sealed class SourcesOptions
{
    public NhsbsaOptions Nhsbsa { get; set; } = new();

    public NhsDigitalOptions NhsDigital { get; set; } = new();

    public OdsOptions Ods { get; set; } = new();

    public PostcodesIoOptions PostcodesIo { get; set; } = new();
}

/// <summary>The NHSBSA Open Data Portal (CKAN).</summary>
public sealed class NhsbsaOptions
{
    public string BaseUrl { get; set; } = "https://opendata.nhsbsa.net";

    /// <summary>The retired EPD dataset (Jan 2014 → Jun 2025).</summary>
    public string EpdDatasetId { get; set; } = "english-prescribing-data-epd";

    /// <summary>The EPD with SNOMED codes (Nov 2020 → current); preferred where both have a month.</summary>
    public string EpdSnomedDatasetId { get; set; } = "english-prescribing-dataset-epd-with-snomed-code";

    public string BnfCurrentDatasetId { get; set; } = "bnf-code-information-current-year";

    public string BnfHistoricDatasetId { get; set; } = "bnf-code-information-historic";

    /// <summary>Download the zip (via <c>resource_show</c>'s short-lived <c>zip_url</c>) when a resource has one,
    /// instead of the much larger CSV <c>url</c>.</summary>
    public bool PreferZip { get; set; } = true;
}

/// <summary>NHS Digital publication pages (legacy PDPI/ADDR and patient list sizes).</summary>
public sealed class NhsDigitalOptions
{
    public string BaseUrl { get; set; } = "https://digital.nhs.uk";

    public string PrescribingSeriesPath { get; set; } =
        "data-and-information/publications/statistical/practice-level-prescribing-data";

    public string ListSizeSeriesPath { get; set; } =
        "data-and-information/publications/statistical/patients-registered-at-a-gp-practice";
}

/// <summary>ODS Data Search and Export.</summary>
public sealed class OdsOptions
{
    public string BaseUrl { get; set; } = "https://www.odsdatasearchandexport.nhs.uk";

    /// <summary>The predefined report fetched as the practice reference file.</summary>
    public string Report { get; set; } = "epraccur";
}

/// <summary>postcodes.io and how politely to call it.</summary>
public sealed class PostcodesIoOptions
{
    /// <summary>postcodes.io refuses bulk requests of more than this many postcodes (HTTP 400).</summary>
    public const int MaxBatchSize = 100;

    public string BaseUrl { get; set; } = "https://api.postcodes.io";

    /// <summary>Postcodes per bulk request; capped at <see cref="MaxBatchSize"/>.</summary>
    public int BatchSize { get; set; } = MaxBatchSize;

    /// <summary>Requests in flight at once.</summary>
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>Requests started per second (a token bucket); 0 or less means unlimited.</summary>
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>Ask <c>/terminated_postcodes/{postcode}</c> for postcodes the bulk lookup does not know.</summary>
    public bool LookUpTerminated { get; set; } = true;
}

/// <summary>How downloads and API calls retry and time out.</summary>
public sealed class DownloadOptions
{
    /// <summary>Retries after the first attempt of any one request or download; for a download, only consecutive attempts that
    /// received no bytes count (0 disables retrying altogether).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>Further attempts a download may make when its failed attempts keep receiving bytes (a connection that drops
    /// every few megabytes), so a server trickling forever still fails eventually.</summary>
    public int MaxResumes { get; set; } = 100;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between attempts; a server asking (Retry-After) for longer is not retried.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long to wait for a response's headers.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long a download may go without receiving a byte before the attempt is abandoned (and resumed).</summary>
    public TimeSpan ReadIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Minimum time between two progress reports of one download.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int BufferSize { get; set; } = 1 << 20;
}
