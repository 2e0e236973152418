using System.Net;
using Microsoft.Extensions.Logging;
using RxAtlas.Web.Hosting;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>What <c>serve</c> writes to its log: a line per request, and each failure with its cause — never a password — while
/// anonymous callers learn only that something failed.</summary>
public sealed class ServerLogTests
{
    private static Task<TestApp> StartAsync(RxAtlas.Warehouse.IWarehouse warehouse, CapturedLog log, bool? accessLog = null) =>
        TestApp.StartAsync(warehouse, new RxAtlasWebOptions
        {
            ConfigureBuilder = builder =>
            {
                builder.Logging.AddProvider(log);
                if (accessLog is { } on) builder.Configuration[RequestLogging.AccessLogKey] = on ? "true" : "false";
            },
        });

    [Theory]
    [InlineData("/api/map")]
    [InlineData("/api/months")]
    [InlineData("/api/runs")]
    public async Task DataEndpoint_WarehouseUnreachable_Answers503AndLogsTheCause(string path)
    {
        var log = new CapturedLog();
        await using var app = await StartAsync(FailingWarehouse.Transient(), log);

        using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var entry = Assert.Single(log.Entries, e => e.Message.Contains("answered 503", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains($"GET {path}", entry.Message, StringComparison.Ordinal);
        Assert.Contains("57P01: terminating connection", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataEndpoint_Failing_Answers500AndLogsTheCauseOnceWithoutThePassword()
    {
        var log = new CapturedLog();
        await using var app = await StartAsync(new FailingWarehouse(() => new InvalidOperationException(
            "could not open Host=db;Username=rx;Password=hunter2 nor postgres://rx:hunter3@db/rx")), log);

        using var response = await app.Client.GetAsync(new Uri("/api/months", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("GET /api/months answered 500: InvalidOperationException: could not open Host=db;Username=rx;Password=***", entry.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://rx:***@db/rx", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter3", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRequest_IsInTheAccessLog_WithMethodPathQueryStatusAndDuration()
    {
        var log = new CapturedLog();
        await using var app = await StartAsync(new FakeWarehouse(new FakeQueries(FakeDataset.Sample())), log);

        using (await app.Client.GetAsync(new Uri("/api/months", UriKind.Relative))) { }
        using (await app.Client.GetAsync(new Uri("/api/map?bogus=1", UriKind.Relative))) { }

        var lines = log.Entries.Where(e => e.Category == RequestLogging.AccessLogCategory).Select(e => e.Message).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^GET /api/months 200 \d+\.\d ms$", lines[0]);
        Assert.Matches(@"^GET /api/map\?bogus=1 400 \d+\.\d ms$", lines[1]);
        Assert.All(log.Entries.Where(e => e.Category == RequestLogging.AccessLogCategory), e => Assert.Equal(LogLevel.Information, e.Level));
    }

    [Fact]
    public async Task AccessLog_TurnedOffInConfiguration_LogsNoRequests()
    {
        var log = new CapturedLog();
        await using var app = await StartAsync(new FakeWarehouse(new FakeQueries(FakeDataset.Sample())), log, accessLog: false);

        using (await app.Client.GetAsync(new Uri("/api/months", UriKind.Relative))) { }

        Assert.DoesNotContain(log.Entries, e => e.Category == RequestLogging.AccessLogCategory);
    }

    [Fact]
    public async Task Healthz_WarehouseUnreachable_SaysOnlyThatAndLogsWhichWarehouseAndWhy()
    {
        var log = new CapturedLog();
        var warehouse = FailingWarehouse.Broken();
        await using var app = await StartAsync(warehouse, log);

        using var response = await app.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("The warehouse is unreachable.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(warehouse.DisplayName, body, StringComparison.Ordinal);
        Assert.DoesNotContain(warehouse.Engine, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(warehouse.DisplayName, StringComparison.Ordinal));
    }
}
