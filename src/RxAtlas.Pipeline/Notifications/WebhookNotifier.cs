using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RxAtlas.Pipeline.Notifications;

/// <summary>POSTs a JSON summary of the run to a webhook URL. The <c>text</c> field makes it readable by Slack/Teams-style
/// incoming webhooks as it is. The body is sent buffered, with a <c>Content-Length</c> (not chunked), so simple receivers
/// (Python's <c>http.server</c>, many proxies) read it whole.</summary>
public sealed class WebhookNotifier(HttpClient http, Uri url) : IRunNotifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task NotifyAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(Payload(summary), Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Webhook {url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
    }

    /// <summary>The JSON body sent.</summary>
    public static WebhookPayload Payload(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new WebhookPayload(
            summary.Headline, summary.Dag, summary.RunId, summary.Month?.ToString(), summary.State.ToString(), summary.Trigger,
            summary.Started, summary.Ended, (long)(summary.Ended - summary.Started).TotalSeconds, summary.Error,
            summary.Tasks.ToDictionary(t => t.Key, t => t.Value.ToString(), StringComparer.Ordinal));
    }
}

/// <summary>The webhook body: <c>{"text", "dag", "runId", "month", "state", "trigger", "started", "ended", "durationSeconds", "error", "tasks"}</c>.</summary>
public sealed record WebhookPayload(
    string Text,
    string Dag,
    long? RunId,
    string? Month,
    string State,
    string Trigger,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    long DurationSeconds,
    string? Error,
    IReadOnlyDictionary<string, string> Tasks);
