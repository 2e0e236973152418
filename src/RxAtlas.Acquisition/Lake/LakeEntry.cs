using System.Text.Json.Serialization;

namespace RxAtlas.Acquisition;

/// <summary>The manifest of one raw file in the lake: where it came from, when it was published and fetched, and its checksum.</summary>
/// <param name="Source">The source (the raw-zone folder).</param>
/// <param name="Period">The data month as <c>YYYY-MM</c>, or <c>current</c> for files that are not per month.</param>
/// <param name="Slot">What the file is within its month (<c>prescribing</c>, <c>addresses</c>, <c>bnf</c>…): a republished file
/// replaces the file of the same slot even when its name changed.</param>
/// <param name="FileName">The original file name, unchanged.</param>
/// <param name="SourceUrl">The URL the bytes came from (for short-lived signed URLs, the address it was resolved from).</param>
/// <param name="LastModified">The upstream's publication/last-modified date, when it gives one.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
/// <param name="FetchedAt">When the download finished.</param>
/// <param name="UpstreamId">The upstream's own id (a CKAN resource id), when there is one.</param>
/// <param name="ListedSize">The size the upstream's listing announced when this file was fetched (compared with later listings,
/// so a listing whose size is not the byte count does not make every run download again).</param>
/// <param name="ETag">The server's ETag for these bytes, when it sent one: later fetches ask <c>If-None-Match</c>.</param>
/// <param name="ServerLastModified">The server's own <c>Last-Modified</c> for these bytes, when it sent one: later fetches ask
/// <c>If-Modified-Since</c>.</param>
public sealed record LakeEntry(
    [property: JsonConverter(typeof(JsonStringEnumConverter<SourceKind>))] SourceKind Source,
    string Period,
    string Slot,
    string FileName,
    string SourceUrl,
    DateTimeOffset? LastModified,
    long Size,
    string Sha256,
    DateTimeOffset FetchedAt,
    string? UpstreamId = null,
    long? ListedSize = null,
    string? ETag = null,
    DateTimeOffset? ServerLastModified = null)
{
    /// <summary>The file's path relative to the lake root: <c>raw/&lt;source&gt;/&lt;period&gt;/&lt;file&gt;</c>.</summary>
    [JsonIgnore]
    public string RelativePath => Path.Combine(Lake.RawFolder, Source.Folder(), Period, FileName);
}
