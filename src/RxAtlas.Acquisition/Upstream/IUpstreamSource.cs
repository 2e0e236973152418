namespace RxAtlas.Acquisition;

/// <summary>Lists what one upstream publishes.</summary>
public interface IUpstreamSource
{
    SourceKind Kind { get; }

    /// <summary>True when listing needs a month range (one page per month is read); false when the upstream lists everything at once.</summary>
    bool NeedsRange { get; }

    /// <summary>The files published for months in <paramref name="range"/> (all when null and <see cref="NeedsRange"/> is false).
    /// Sources with a single current file (ODS) ignore the range.</summary>
    Task<IReadOnlyList<UpstreamFile>> ListAsync(MonthRange? range, CancellationToken cancellationToken);
}
