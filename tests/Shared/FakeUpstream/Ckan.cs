namespace RxAtlas.TestSupport.Fakes;

/// <summary>CKAN answers in the NHSBSA portal's shape.</summary>
public static class Ckan
{
    public const string PackageShow = "/api/3/action/package_show";
    public const string ResourceShow = "/api/3/action/resource_show";

    public static object Resource(string id, string name, Uri url, long? size = null, string? created = "2024-03-10T09:00:00.000000", string? lastModified = null, string? zipUrl = null)
    {
        var r = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["name"] = name,
            ["url"] = url.AbsoluteUri,
            ["format"] = "CSV",
            ["size"] = size,
            ["created"] = created,
            ["last_modified"] = lastModified,
            ["datastore_active"] = false,
        };
        if (zipUrl is not null) r["zip_url"] = zipUrl;
        return r;
    }

    public static object Package(string datasetId, params object[] resources) =>
        new { help = "https://opendata.nhsbsa.net/api/3/action/help_show?name=package_show", success = true, result = new { id = datasetId, name = datasetId, resources } };

    public static object Envelope(object result) => new { success = true, result };

    public static void MapPackage(this FakeUpstream server, string datasetId, params object[] resources) =>
        server.MapJson($"{PackageShow}?id={datasetId}", Package(datasetId, resources));
}
