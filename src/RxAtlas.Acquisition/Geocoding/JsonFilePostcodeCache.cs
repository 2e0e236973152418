using System.Text.Json;
using RxAtlas.Core;

namespace RxAtlas.Acquisition.Geocoding;

/// <summary>A postcode cache kept in a JSON file (an array of locations), loaded on creation and rewritten atomically
/// (temporary file + rename) after every <see cref="SetAsync"/>.</summary>
public sealed class JsonFilePostcodeCache : InMemoryPostcodeCache
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <exception cref="DataFormatException">The file exists but is not a JSON array of locations.</exception>
    public JsonFilePostcodeCache(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(Path)) return;
        try
        {
            var stored = JsonSerializer.Deserialize<List<PostcodeLocation>>(File.ReadAllText(Path), Json) ?? [];
            base.SetAsync(stored).AsTask().GetAwaiter().GetResult();
        }
        catch (JsonException e)
        {
            throw new DataFormatException(Path, 0, null, $"the postcode cache is not a JSON array of locations ({e.Message}).");
        }
    }

    public string Path { get; }

    public override async ValueTask SetAsync(IReadOnlyCollection<PostcodeLocation> locations, CancellationToken cancellationToken = default)
    {
        await base.SetAsync(locations, cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var folder = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(folder);
            var temp = System.IO.Path.Combine(folder, "." + System.IO.Path.GetFileName(Path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            await using (var file = File.Create(temp))
            {
                await JsonSerializer.SerializeAsync(file, Snapshot().OrderBy(l => l.Postcode, StringComparer.Ordinal).ToList(), Json, cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
