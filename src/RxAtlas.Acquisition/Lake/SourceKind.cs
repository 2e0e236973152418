namespace RxAtlas.Acquisition;

/// <summary>The upstream sources the lake holds, one raw-zone folder each (<see cref="SourceKinds.Folder"/>).</summary>
public enum SourceKind
{
    /// <summary>NHSBSA English Prescribing Dataset (EPD, with or without SNOMED codes), one file per month.</summary>
    Epd,

    /// <summary>NHS Digital practice level prescribing (PDPI, ADDR, CHEM files or a monthly zip), before EPD.</summary>
    Pdpi,

    /// <summary>NHSBSA BNF Code Information (current-year monthly versions, historic yearly files).</summary>
    Bnf,

    /// <summary>ODS Data Search and Export epraccur report (current only).</summary>
    Ods,

    /// <summary>NHS Digital patients registered at a GP practice (practice list sizes), one file per month.</summary>
    ListSize,
}

/// <summary>Names and parsing for <see cref="SourceKind"/>.</summary>
public static class SourceKinds
{
    public static IReadOnlyList<SourceKind> All { get; } = [SourceKind.Epd, SourceKind.Pdpi, SourceKind.Bnf, SourceKind.Ods, SourceKind.ListSize];

    /// <summary>The raw-zone folder and CLI name: <c>epd</c>, <c>pdpi</c>, <c>bnf</c>, <c>ods</c>, <c>listsize</c>.</summary>
    public static string Folder(this SourceKind source) => source.ToString().ToLowerInvariant();

    /// <summary>Parses a CLI selection: one or more names separated by commas, or <c>all</c>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static IReadOnlySet<SourceKind> Parse(string? selection)
    {
        if (string.IsNullOrWhiteSpace(selection)) return All.ToHashSet();
        var result = new HashSet<SourceKind>();
        foreach (var part in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("all", StringComparison.OrdinalIgnoreCase)) result.UnionWith(All);
            else if (TryParseOne(part, out var source)) result.Add(source);
            else throw new ArgumentException($"Unknown source '{part}'; expected epd, pdpi, bnf, ods, listsize or all.", nameof(selection));
        }
        return result;
    }

    /// <summary>Parses one folder name (case-insensitive).</summary>
    public static bool TryParseOne(string name, out SourceKind source)
    {
        foreach (var candidate in All)
        {
            if (candidate.Folder().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                source = candidate;
                return true;
            }
        }
        source = default;
        return false;
    }
}
