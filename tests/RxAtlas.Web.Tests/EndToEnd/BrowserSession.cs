using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using RxAtlas.Warehouse;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>The real app on Kestrel at a free loopback port (port 0) plus headless Chromium driven by Playwright.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = "";

    public static async Task<BrowserSession> StartAsync(IWarehouse warehouse, RxAtlasWebOptions? options = null)
    {
        var executable = Chromium.ExecutablePath
            ?? throw new InvalidOperationException("CI=true, so browser tests cannot skip. " + Chromium.Missing);
        var session = new BrowserSession();
        try
        {
            session._app = RxAtlasWebApp.Build(warehouse, "http://127.0.0.1:0", new RxAtlasWebOptions
            {
                Dags = options?.Dags,
                MapStyleUrl = options?.MapStyleUrl,
                ConfigureBuilder = b => b.Logging.ClearProviders(),
            });
            await session._app.StartAsync();
            session.BaseUrl = RxAtlasWebApp.ListeningAddresses(session._app).First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
            session._playwright = await Playwright.CreateAsync();
            session._browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Chromium.Args,
            });
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/> in a fresh laptop-sized context and waits for the page to say it is ready
    /// (body data-ready) or to show an error; fails on any script error.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(BaseUrl + path);
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true' || document.querySelector('#status.error')");
        Assert.Empty(errors);
        Assert.Equal("", await page.EvalOnSelectorAsync<string>("#status", "s => s.classList.contains('error') ? s.textContent : ''"));
        return page;
    }

    /// <summary>Where a screenshot goes: docs/&lt;name&gt; at the repository root (found by RxAtlas.slnx) when it is missing
    /// there or RXATLAS_UPDATE_SCREENSHOTS=1, so routine runs do not rewrite the committed pictures; otherwise the test
    /// output folder.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxAtlas.slnx"))) dir = dir.Parent;
        var docs = dir is null ? null : Path.Combine(dir.FullName, "docs", name);
        var update = Environment.GetEnvironmentVariable("RXATLAS_UPDATE_SCREENSHOTS") == "1";
        var path = docs is not null && (update || !File.Exists(docs)) ? docs : Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
