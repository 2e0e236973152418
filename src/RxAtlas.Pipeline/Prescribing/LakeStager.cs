using RxAtlas.Core;
using RxAtlas.Sources;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Stages from the lake's raw zone with <see cref="ReleaseCatalog.Scan"/>, reading only the files the lake considers
/// current (<see cref="Lake.CurrentFiles"/>), never a whole folder.</summary>
public sealed class LakeStager(Lake lake) : IReleaseStager
{
    public IMonthRelease StagePrescribing(YearMonth month)
    {
        var (source, files) = lake.PrescribingFiles(month)
                     ?? throw new DataFormatException(lake.RawFolder(LakeSources.Epd, month), 0, null, $"no EPD or PDPI files for {month} in the lake");
        var found = ReleaseCatalog.Scan(files);
        return found.Months.SingleOrDefault(m => m.Month == month)
               ?? throw new DataFormatException(lake.RawFolder(source, month), 0, null,
                   $"expected prescribing files for {month}; found {(found.Months.Count == 0 ? "none" : string.Join(", ", found.Months.Select(m => m.Month)))}");
    }

    /// <summary>The reference data of <paramref name="source"/> for the month; for <c>ods</c> (the practices) also the
    /// month's GP practice map from <c>raw/listsize/YYYY-MM</c> (<c>gp-reg-pat-prac-map.csv</c>), which fills in the ICB and
    /// sub-ICB names epraccur does not carry.</summary>
    public ReferenceData StageReference(string source, YearMonth month)
    {
        var files = lake.ReferenceFiles(source, month);
        if (source == LakeSources.Ods) files = [.. files, .. PracticeMapFiles(month)];
        return Read(files);
    }

    /// <summary>The practices named by the month's GP practice map alone (<c>raw/listsize/YYYY-MM</c>); empty when the lake
    /// has none. A run that loads late list sizes alone stages this, as the map is published with them.</summary>
    public ReferenceData StagePracticeMap(YearMonth month) => Read(PracticeMapFiles(month));

    private IReadOnlyList<string> PracticeMapFiles(YearMonth month) =>
        [.. lake.CurrentFiles(LakeSources.ListSize, month.ToString()).Where(f => SourceDetector.KindFromName(Path.GetFileName(f)) == SourceKind.PracticeMap)];

    private static ReferenceData Read(IReadOnlyList<string> files) => files.Count == 0 ? ReferenceData.Empty : ReleaseCatalog.Scan(files).ReadReference();

    /// <summary>The month's practice list sizes from the current file(s) of <c>raw/listsize/YYYY-MM</c> (the folder names the
    /// month, whatever the files' extract dates say); null when the lake has none for the month.</summary>
    /// <exception cref="DataFormatException">A malformed list-size file (file, line and field named).</exception>
    public IReadOnlyList<PracticeListSize>? StageListSizes(YearMonth month)
    {
        var files = lake.CurrentFiles(LakeSources.ListSize, month.ToString());
        if (files.Count == 0) return null;
        return ReleaseCatalog.Scan(files).ReadListSizes(month).SingleOrDefault()?.Sizes ?? [];
    }
}
