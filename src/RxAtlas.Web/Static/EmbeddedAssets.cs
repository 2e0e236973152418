using System.Collections;
using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace RxAtlas.Web.Static;

/// <summary>Serves the page's files from resources embedded as <c>wwwroot/&lt;path&gt;</c> (see RxAtlas.Web.csproj), so
/// the app needs no files on disk beside the assembly and works offline.</summary>
internal sealed class EmbeddedAssets : IFileProvider
{
    private const string Root = "wwwroot/";
    private readonly Assembly _assembly;
    private readonly Dictionary<string, string> _resources; // request path (no leading slash) → resource name
    private readonly DateTimeOffset _lastModified;

    public EmbeddedAssets(Assembly assembly)
    {
        _assembly = assembly;
        _resources = assembly.GetManifestResourceNames()
            .Where(n => n.Replace('\\', '/').StartsWith(Root, StringComparison.Ordinal))
            .ToDictionary(n => n.Replace('\\', '/')[Root.Length..], n => n, StringComparer.Ordinal);
        _lastModified = File.Exists(assembly.Location) ? File.GetLastWriteTimeUtc(assembly.Location) : DateTimeOffset.UtcNow;
    }

    /// <summary>Paths of every embedded file, e.g. <c>index.html</c>, <c>lib/maplibre-gl/maplibre-gl.mjs</c>.</summary>
    public IEnumerable<string> Paths => _resources.Keys;

    public IFileInfo GetFileInfo(string subpath)
    {
        var path = subpath.TrimStart('/');
        return _resources.TryGetValue(path, out var resource)
            ? new Asset(_assembly, resource, Path.GetFileName(path), _lastModified)
            : new NotFoundFileInfo(subpath);
    }

    public IDirectoryContents GetDirectoryContents(string subpath)
    {
        var prefix = subpath.Trim('/');
        prefix = prefix.Length == 0 ? "" : prefix + "/";
        var files = _resources
            .Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal) && !r.Key[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .Select(r => (IFileInfo)new Asset(_assembly, r.Value, r.Key[prefix.Length..], _lastModified))
            .ToList();
        return files.Count == 0 ? NotFoundDirectoryContents.Singleton : new Listing(files);
    }

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class Asset(Assembly assembly, string resource, string name, DateTimeOffset lastModified) : IFileInfo
    {
        public bool Exists => true;
        public long Length { get; } = Measure(assembly, resource);
        public string? PhysicalPath => null;
        public string Name => name;
        public DateTimeOffset LastModified => lastModified;
        public bool IsDirectory => false;

        public Stream CreateReadStream() =>
            assembly.GetManifestResourceStream(resource) ?? throw new FileNotFoundException("Embedded resource vanished.", resource);

        private static long Measure(Assembly assembly, string resource)
        {
            using var stream = assembly.GetManifestResourceStream(resource);
            return stream?.Length ?? 0;
        }
    }

    private sealed class Listing(List<IFileInfo> files) : IDirectoryContents
    {
        public bool Exists => true;
        public IEnumerator<IFileInfo> GetEnumerator() => files.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
