namespace RxAtlas.Acquisition;

/// <summary>One file an upstream publishes for a period.</summary>
/// <param name="Source">Which source.</param>
/// <param name="Period">The data month <c>YYYY-MM</c>, or <c>current</c>.</param>
/// <param name="Slot">What the file is within its period (<c>prescribing</c>, <c>addresses</c>, <c>chemicals</c>, <c>bnf</c>,
/// <c>epraccur</c>, <c>listsize</c>); one lake file per slot.</param>
/// <param name="FileName">The published file name (for a zip fetched by signed URL, the name it will most likely have).</param>
/// <param name="Url">Where to download it (for signed zips, the portal's stable CSV URL; the zip URL is resolved at download).</param>
/// <param name="LastModified">Publication / last-modified date, when the upstream lists one.</param>
/// <param name="Size">Announced size in bytes, when listed (of the file at <paramref name="Url"/>).</param>
/// <param name="UpstreamId">The upstream's own id (CKAN resource id) or resource name.</param>
/// <param name="Title">The upstream's own name for it (CKAN resource name, link text).</param>
public sealed record UpstreamFile(
    SourceKind Source,
    string Period,
    string Slot,
    string FileName,
    Uri Url,
    DateTimeOffset? LastModified,
    long? Size,
    string? UpstreamId = null,
    string? Title = null)
{
    /// <summary>True when <see cref="LastModified"/> is only the resource's creation date (CKAN left <c>last_modified</c> null):
    /// a file republished in place keeps it, so the fetch asks the server (a conditional GET with the validators recorded in
    /// the manifest) instead of trusting it.</summary>
    public bool ListedDateIsCreation { get; init; }

    /// <summary>Set when the bytes come from a short-lived URL that must be asked for right before downloading.</summary>
    internal Func<CancellationToken, Task<Uri>>? ResolveDownloadUrl { get; init; }
}

/// <summary>An inclusive range of data months.</summary>
public readonly record struct MonthRange(RxAtlas.Core.YearMonth From, RxAtlas.Core.YearMonth To)
{
    public static MonthRange Single(RxAtlas.Core.YearMonth month) => new(month, month);

    public bool Contains(RxAtlas.Core.YearMonth month) => month >= From && month <= To;

    public IEnumerable<RxAtlas.Core.YearMonth> Months => RxAtlas.Core.YearMonth.Range(From, To);

    public override string ToString() => From == To ? From.ToString() : $"{From}..{To}";
}
