namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>Where the end-to-end tests find a browser. Nothing is ever downloaded: Debian's <c>chromium</c> package, or the
/// executable named by <c>RXATLAS_CHROMIUM</c>.</summary>
public static class Chromium
{
    public const string EnvironmentVariable = "RXATLAS_CHROMIUM";
    public const string DebianPath = "/usr/bin/chromium";

    /// <summary>The flags every launch uses: headless, sandbox off (root in containers), no GPU, and nothing that phones home.</summary>
    public static IReadOnlyList<string> Args { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>RXATLAS_CHROMIUM when set (null if that file does not exist), else /usr/bin/chromium when it exists, else null.</summary>
    public static string? ExecutablePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
            return File.Exists(DebianPath) ? DebianPath : null;
        }
    }

    /// <summary>Why no browser was found, for skip and failure messages.</summary>
    public static string Missing
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(configured)
                ? $"No Chromium found: {DebianPath} is missing and {EnvironmentVariable} is not set. Install Debian's chromium (apt-get install -y chromium) or point {EnvironmentVariable} at a Chromium executable."
                : $"{EnvironmentVariable}={configured} does not exist.";
        }
    }

    /// <summary>True under CI (CI=true), where a browser test must run or fail, never skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A fact that needs Chromium: skipped with a clear message outside CI when there is none; under CI=true it
/// always runs (and fails if the browser is missing).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.ExecutablePath is null && !Chromium.InCi)
        {
            Skip = Chromium.Missing + " (Under CI=true this test fails instead of skipping.)";
        }
    }
}
