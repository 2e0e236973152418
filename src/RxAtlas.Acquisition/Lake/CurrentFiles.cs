namespace RxAtlas.Acquisition;

/// <summary>Which of a period's lake files are current: one rule for everything that reads a month from the lake (the
/// monthly pipeline's staging; per slot it is the fetch's <see cref="Lake.Find"/>), so no reader ever sees two versions of
/// one release.</summary>
/// <remarks>
/// Only files with a manifest count (a file without one is absent, as for the fetch). Of the files of one slot, the one
/// fetched last is current (a fetch removes the others when it commits; this also covers a lake where that did not happen).
/// A PDPI month is published either as individual files (<c>prescribing</c>, <c>addresses</c>, <c>chemicals</c>) or as one
/// <c>monthly-zip</c>: the two are versions of the same release, so when the lake holds both, the kind fetched last wins and
/// the other is not current (on a tie, the individual files, which the fetch also prefers).
/// </remarks>
public static class CurrentFiles
{
    /// <summary>The current files among <paramref name="entries"/> (one source and period), ordered by slot.</summary>
    public static IReadOnlyList<LakeEntry> Choose(IEnumerable<LakeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var newest = entries
            .GroupBy(e => (e.Source, e.Period, e.Slot))
            .Select(g => g.OrderByDescending(e => e.FetchedAt).ThenBy(e => e.FileName, StringComparer.Ordinal).First())
            .ToList();
        foreach (var zip in newest.Where(e => e.Source == SourceKind.Pdpi && e.Slot == PdpiUpstream.ZipSlot).ToList())
        {
            var individual = newest.Where(e => e.Source == SourceKind.Pdpi && e.Period == zip.Period && e.Slot != PdpiUpstream.ZipSlot).ToList();
            if (individual.Count == 0) continue;
            if (zip.FetchedAt > individual.Max(e => e.FetchedAt)) newest.RemoveAll(individual.Contains);
            else newest.Remove(zip);
        }
        return [.. newest.OrderBy(e => e.Source).ThenBy(e => e.Period, StringComparer.Ordinal).ThenBy(e => e.Slot, StringComparer.Ordinal)];
    }

    /// <summary>The current files of one source's period (<c>YYYY-MM</c> or <see cref="Lake.CurrentPeriod"/>) in
    /// <paramref name="lake"/>; empty when it has none with a manifest.</summary>
    public static IReadOnlyList<LakeEntry> Current(this Lake lake, SourceKind source, string period)
    {
        ArgumentNullException.ThrowIfNull(lake);
        return Choose(lake.Entries(source, period));
    }
}
