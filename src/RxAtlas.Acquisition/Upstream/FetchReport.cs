using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>What happened to one upstream file during a fetch.</summary>
public enum FetchStatus
{
    /// <summary>Not in the lake before; downloaded and stored.</summary>
    New,

    /// <summary>Republished upstream with different bytes; downloaded and stored in place of the old file — reload its month.</summary>
    Changed,

    /// <summary>The lake already holds these bytes (same last-modified, or downloaded and found to have the same checksum).</summary>
    Unchanged,

    /// <summary>Could not be fetched (after retries) or failed verification; nothing was written to the lake.</summary>
    Failed,
}

/// <summary>The outcome for one file.</summary>
/// <param name="Entry">The lake entry now holding the file (null when it failed).</param>
/// <param name="Error">Why it failed.</param>
public sealed record FetchOutcome(SourceKind Source, string Period, string Slot, string FileName, FetchStatus Status, LakeEntry? Entry, string? Error = null);

/// <summary>A month a monthly source has not published (yet, or ever).</summary>
public readonly record struct MissingMonth(SourceKind Source, YearMonth Month);

/// <summary>Everything a fetch did, file by file.</summary>
/// <param name="Files">One outcome per upstream file considered.</param>
/// <param name="Notes">Listings that failed (the source could not be checked at all).</param>
/// <param name="NotPublished">Requested months for which a monthly source (EPD, PDPI, list sizes) lists no file.</param>
public sealed record FetchReport(IReadOnlyList<FetchOutcome> Files, IReadOnlyList<string> Notes, IReadOnlyList<MissingMonth> NotPublished)
{
    /// <summary>Lake files of the listed sources and months that the publisher's listing no longer names (withdrawn upstream).
    /// They are not deleted (the lake keeps what was published) and are still read by the pipeline until retired by hand;
    /// they do not make the fetch fail.</summary>
    public IReadOnlyList<LakeEntry> Withdrawn { get; init; } = [];

    public IReadOnlyList<FetchOutcome> New => Files.Where(f => f.Status == FetchStatus.New).ToList();

    public IReadOnlyList<FetchOutcome> Changed => Files.Where(f => f.Status == FetchStatus.Changed).ToList();

    public IReadOnlyList<FetchOutcome> Unchanged => Files.Where(f => f.Status == FetchStatus.Unchanged).ToList();

    public IReadOnlyList<FetchOutcome> Failed => Files.Where(f => f.Status == FetchStatus.Failed).ToList();

    /// <summary>True when nothing failed (and no listing failed).</summary>
    public bool Succeeded => Failed.Count == 0 && Notes.Count == 0;

    /// <summary>Data months with a new or changed file of a monthly source (EPD, PDPI, list sizes): the months the pipeline
    /// should (re)load. A reference file's period (a historic BNF file under December, say) is not a data month.</summary>
    public IReadOnlyList<YearMonth> MonthsToLoad =>
        Files.Where(f => f.Status is FetchStatus.New or FetchStatus.Changed && f.Source is SourceKind.Epd or SourceKind.Pdpi or SourceKind.ListSize)
            .Select(f => YearMonth.TryParse(f.Period, out var m) ? m : (YearMonth?)null)
            .Where(m => m is not null).Select(m => m!.Value).Distinct().Order().ToList();
}

/// <summary>How a published file compares with the lake.</summary>
public enum Availability
{
    /// <summary>Published upstream, not in the lake.</summary>
    NotInLake,

    /// <summary>In the lake and (as far as the listing's dates and sizes tell) the same as upstream.</summary>
    InLake,

    /// <summary>In the lake, but upstream lists a newer or different file: a fetch will replace it.</summary>
    UpstreamNewer,

    /// <summary>In the lake; upstream gives no date, so only a fetch (checksum) can tell whether it changed.</summary>
    InLakeUnverified,

    /// <summary>In the lake; upstream was not checked for it (its listing failed, or a page-scraped source was asked without a
    /// month range).</summary>
    LakeOnly,

    /// <summary>In the lake, but the publisher's listing, read for its period, no longer names it: withdrawn upstream. Kept (the
    /// lake holds files as published) and still read until retired by hand; <c>rxatlas sources</c> exits 1.</summary>
    WithdrawnUpstream,

    /// <summary>In the lake, no longer listed, but replaced as the publisher always does: a month's BNF code file once its year's
    /// historic file is out (NHSBSA keeps only the current year's monthly files). Kept and still read for its own month
    /// (<see cref="BnfPeriods"/>); nothing to do.</summary>
    SupersededUpstream,
}

/// <summary>One row of "what is available upstream versus in the lake".</summary>
public sealed record SourceAvailability(SourceKind Source, string Period, string Slot, UpstreamFile? Upstream, LakeEntry? Lake, Availability State);

/// <summary>The answer to <c>rxatlas sources</c>: one row per source, period and slot, oldest first; notes for listings that failed
/// or were skipped; the sources whose upstream could not be listed (their rows show only what the lake holds).</summary>
public sealed record UpstreamListing(IReadOnlyList<SourceAvailability> Files, IReadOnlyList<string> Notes, IReadOnlyList<SourceKind> Unlisted);
