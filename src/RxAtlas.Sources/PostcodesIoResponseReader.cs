using System.Text.Json;
using RxAtlas.Core;

namespace RxAtlas.Sources;

/// <summary>Reads saved postcodes.io bulk-lookup responses:
/// <c>{"status":200,"result":[{"query":"…","result":{…}|null}, …]}</c> (or a JSON array of such responses).</summary>
/// <remarks>Unfound postcodes (<c>result: null</c>) are skipped. Latitude and longitude may be null. Region name ←
/// <c>region</c>, county ← <c>admin_county</c>, ICB name ← <c>icb</c>, sub-ICB name ← <c>ccg</c>, sub-ICB code ←
/// <c>codes.ccg_id</c>.</remarks>
public static class PostcodesIoResponseReader
{
    public static IReadOnlyList<PostcodeLocation> Read(string path) => Read(SourceFile.Open(path));

    /// <exception cref="DataFormatException">Not JSON, or not a postcodes.io bulk response.</exception>
    public static IReadOnlyList<PostcodeLocation> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = file.OpenStream();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(file.DisplayName, (e.LineNumber ?? -1) + 1, e.Path, $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            var results = new List<PostcodeLocation>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var response in root.EnumerateArray()) ReadResponse(file, response, results);
            }
            else
            {
                ReadResponse(file, root, results);
            }
            return results;
        }
    }

    private static void ReadResponse(SourceFile file, JsonElement response, List<PostcodeLocation> results)
    {
        if (response.ValueKind != JsonValueKind.Object
            || !response.TryGetProperty("result", out var entries)
            || entries.ValueKind != JsonValueKind.Array)
        {
            throw new DataFormatException(file.DisplayName, 0, "result",
                "expected a postcodes.io bulk response {\"status\":200,\"result\":[{\"query\":…,\"result\":…}]}");
        }
        foreach (var entry in entries.EnumerateArray())
        {
            if (!entry.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object) continue;
            var postcode = Postcode.Normalise(String(result, "postcode") ?? (entry.TryGetProperty("query", out var q) ? q.GetString() : null));
            if (postcode is null) continue;
            var codes = result.TryGetProperty("codes", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            results.Add(new PostcodeLocation(
                postcode,
                Number(result, "latitude"),
                Number(result, "longitude"),
                County: String(result, "admin_county"),
                RegionName: String(result, "region"),
                IcbName: String(result, "icb"),
                SubIcbCode: codes.ValueKind == JsonValueKind.Object ? String(codes, "ccg_id") : null,
                SubIcbName: String(result, "ccg")));
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
