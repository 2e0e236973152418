using System.Net;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Pipeline.Notifications;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Notifications;

public class NotifierTests
{
    private static readonly RunSummary Failed = new(
        "prescribing_monthly", 12, new YearMonth(2019, 11), RunState.Failed,
        new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 5, 7, 2, 30, TimeSpan.Zero),
        "load: T201911PDPI BNFT.csv, line 3, field ITEMS: expected a whole number",
        new Dictionary<string, RunState> { ["acquire"] = RunState.Success, ["load"] = RunState.Failed },
        "schedule");

    [Fact]
    public async Task Webhook_PostsTheRunSummaryAsJson()
    {
        var handler = new CapturingHandler(HttpStatusCode.OK);
        using var http = new HttpClient(handler);

        await new WebhookNotifier(http, new Uri("http://hooks.example.test/rx")).NotifyAsync(Failed, CancellationToken.None);

        Assert.Equal(HttpMethod.Post, handler.Method);
        Assert.Equal("http://hooks.example.test/rx", handler.Uri?.ToString());
        Assert.Equal("application/json", handler.ContentType);
        using var json = JsonDocument.Parse(handler.Body!);
        var root = json.RootElement;
        Assert.Equal("prescribing_monthly 2019-11: Failed (run 12) — load: T201911PDPI BNFT.csv, line 3, field ITEMS: expected a whole number",
            root.GetProperty("text").GetString());
        Assert.Equal("prescribing_monthly", root.GetProperty("dag").GetString());
        Assert.Equal(12, root.GetProperty("runId").GetInt64());
        Assert.Equal("2019-11", root.GetProperty("month").GetString());
        Assert.Equal("Failed", root.GetProperty("state").GetString());
        Assert.Equal("schedule", root.GetProperty("trigger").GetString());
        Assert.Equal(150, root.GetProperty("durationSeconds").GetInt64());
        Assert.Equal("Failed", root.GetProperty("tasks").GetProperty("load").GetString());
        Assert.StartsWith("load: T201911PDPI", root.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_ErrorStatus_Throws()
    {
        using var http = new HttpClient(new CapturingHandler(HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            new WebhookNotifier(http, new Uri("http://hooks.example.test/rx?token=secret")).NotifyAsync(Failed, CancellationToken.None));

        Assert.Contains("500", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Email_BuildMessage_HasHeadlineSubjectAndTaskStates()
    {
        var settings = new SmtpSettings("smtp.example.test", 587, "rxatlas@example.test", ["ops@example.test", "lead@example.test"]) { Password = "pw" };

        using var message = EmailNotifier.BuildMessage(settings, Failed);

        Assert.Equal("[RxAtlas] prescribing_monthly 2019-11: Failed", message.Subject);
        Assert.Equal("rxatlas@example.test", message.From?.Address);
        Assert.Equal(["ops@example.test", "lead@example.test"], message.To.Select(a => a.Address));
        Assert.Contains("Error:    load: T201911PDPI BNFT.csv, line 3", message.Body);
        Assert.Contains("load                 Failed", message.Body);
        Assert.Contains("(00:02:30)", message.Body);
        Assert.DoesNotContain("pw", message.Body);
    }

    [Fact]
    public async Task Composite_OneNotifierFails_OthersStillRunThenThrows()
    {
        var handler = new CapturingHandler(HttpStatusCode.OK);
        using var http = new HttpClient(handler);
        using var broken = new HttpClient(new CapturingHandler(HttpStatusCode.BadGateway));
        var composite = new CompositeNotifier([new WebhookNotifier(broken, new Uri("http://a.test/")), new WebhookNotifier(http, new Uri("http://b.test/"))]);

        await Assert.ThrowsAsync<AggregateException>(() => composite.NotifyAsync(Failed, CancellationToken.None));

        Assert.NotNull(handler.Body);
    }

    private sealed class CapturingHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public HttpMethod? Method { get; private set; }

        public Uri? Uri { get; private set; }

        public string? ContentType { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Method = request.Method;
            Uri = request.RequestUri;
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { RequestMessage = request };
        }
    }
}
