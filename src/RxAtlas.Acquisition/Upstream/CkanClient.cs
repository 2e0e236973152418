using System.Globalization;
using System.Text.Json;

namespace RxAtlas.Acquisition;

/// <summary>One resource of a CKAN dataset, as <c>package_show</c> / <c>resource_show</c> describe it.</summary>
/// <param name="ZipUrl">The short-lived signed zip URL <c>resource_show</c> gives for NHSBSA's EPD resources; null elsewhere.</param>
public sealed record CkanResource(
    string Id,
    string Name,
    string? Url,
    string? Format,
    long? Size,
    DateTimeOffset? Created,
    DateTimeOffset? LastModified,
    string? ZipUrl = null)
{
    /// <summary><see cref="LastModified"/>, falling back to <see cref="Created"/> (NHSBSA leaves last_modified null on many).</summary>
    public DateTimeOffset? PublishedAt => LastModified ?? Created;
}

/// <summary>The CKAN action API (<c>{base}/api/3/action/…</c>) of the NHSBSA Open Data Portal.</summary>
public sealed class CkanClient(UpstreamHttp http, Uri baseUrl)
{
    private readonly Uri _api = new(Urls.WithTrailingSlash(baseUrl), "api/3/action/");

    /// <summary><c>package_show?id=</c>: the dataset's resources.</summary>
    /// <exception cref="UpstreamException">The portal said <c>success: false</c> or the answer has no resources.</exception>
    public async Task<IReadOnlyList<CkanResource>> PackageResourcesAsync(string datasetId, CancellationToken cancellationToken)
    {
        var url = new Uri(_api, "package_show?id=" + Uri.EscapeDataString(datasetId));
        using var document = await http.GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
        var result = Result(document, url);
        if (!result.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            throw new UpstreamException(url, null, "the dataset has no 'resources' array.");
        }
        return resources.EnumerateArray().Select(r => Parse(r, url)).ToList();
    }

    /// <summary><c>resource_show?id=</c>: one resource, including a freshly signed <see cref="CkanResource.ZipUrl"/>.</summary>
    public async Task<CkanResource> ResourceShowAsync(string resourceId, CancellationToken cancellationToken)
    {
        var url = new Uri(_api, "resource_show?id=" + Uri.EscapeDataString(resourceId));
        using var document = await http.GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
        return Parse(Result(document, url), url);
    }

    private static JsonElement Result(JsonDocument document, Uri url)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
        {
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.ToString() : "no error given";
            throw new UpstreamException(url, null, $"CKAN answered without success ({error}).");
        }
        if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            throw new UpstreamException(url, null, "CKAN answered without a 'result' object.");
        }
        return result.Clone();
    }

    private static CkanResource Parse(JsonElement r, Uri url)
    {
        var id = Text(r, "id") ?? throw new UpstreamException(url, null, "a resource has no 'id'.");
        return new CkanResource(
            id,
            Text(r, "name") ?? "",
            Text(r, "url"),
            Text(r, "format"),
            Number(r, "size"),
            Date(r, "created"),
            Date(r, "last_modified"),
            Text(r, "zip_url"));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;

    private static long? Number(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n) ? n : null;
    }

    /// <summary>CKAN writes ISO dates without a zone (<c>2024-03-14T10:11:12.123456</c>); they are UTC.</summary>
    private static DateTimeOffset? Date(JsonElement e, string name) =>
        Text(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? d
            : null;
}
