namespace RxAtlas.Acquisition;

/// <summary>How far a download has got, for progress bars.</summary>
/// <param name="FileName">The file being downloaded.</param>
/// <param name="BytesReceived">Bytes on disk so far, including any resumed from an earlier attempt.</param>
/// <param name="TotalBytes">The full size when the server said it.</param>
/// <param name="BytesPerSecond">Speed of the current attempt.</param>
/// <param name="Completed">True on the last report of a finished download.</param>
public sealed record DownloadProgress(string FileName, long BytesReceived, long? TotalBytes, double BytesPerSecond, bool Completed = false)
{
    /// <summary>0…1 when the total is known.</summary>
    public double? Fraction => TotalBytes is > 0 ? (double)BytesReceived / TotalBytes.Value : null;
}

/// <summary>A finished, verified download (still in its temporary file).</summary>
/// <param name="Path">The temporary file holding the bytes.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
/// <param name="LastModified">The server's <c>Last-Modified</c>, when sent.</param>
/// <param name="ServerFileName">The file name in <c>Content-Disposition</c>, when sent.</param>
/// <param name="IsZip">The bytes are a zip archive (and its central directory opened).</param>
/// <param name="Url">The URL the bytes came from.</param>
/// <param name="ETag">The server's ETag for the bytes (<c>W/"…"</c> when weak), when sent.</param>
public sealed record DownloadedFile(string Path, long Size, string Sha256, DateTimeOffset? LastModified, string? ServerFileName, bool IsZip, Uri Url, string? ETag = null);

/// <summary>A server's validators for bytes already held, sent as <c>If-None-Match</c> / <c>If-Modified-Since</c> so an unchanged
/// file is answered <c>304 Not Modified</c> without its body.</summary>
public sealed record RemoteValidators(string? ETag, DateTimeOffset? LastModified);

/// <summary>What a <c>HEAD</c> request says about a remote file.</summary>
public sealed record RemoteFileInfo(long? Length, DateTimeOffset? LastModified, string? ETag);

/// <summary>How a listing identifies a file (recorded beside a part file: a part started under another listing is not resumed).</summary>
/// <param name="LastModified">The listed publication / last-modified date.</param>
/// <param name="UpstreamId">The upstream's own id.</param>
/// <param name="Size">The listed size.</param>
public sealed record ListedVersion(DateTimeOffset? LastModified, string? UpstreamId, long? Size);
