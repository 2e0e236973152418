using RxAtlas.Core;
using RxAtlas.Sources;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Stages from the lake's raw zone with <see cref="ReleaseCatalog.Scan"/>.</summary>
public sealed class LakeStager(Lake lake) : IReleaseStager
{
    public IMonthRelease StagePrescribing(YearMonth month)
    {
        var folder = lake.PrescribingFolder(month)
                     ?? throw new DataFormatException(lake.RawFolder(LakeSources.Epd, month), 0, null, $"no EPD or PDPI files for {month} in the lake");
        var found = ReleaseCatalog.Scan([folder]);
        return found.Months.SingleOrDefault(m => m.Month == month)
               ?? throw new DataFormatException(folder, 0, null,
                   $"expected prescribing files for {month}; found {(found.Months.Count == 0 ? "none" : string.Join(", ", found.Months.Select(m => m.Month)))}");
    }

    public ReferenceData StageReference(string source, YearMonth month)
    {
        var folder = lake.ReferenceFolder(source, month);
        return folder is null ? ReferenceData.Empty : ReleaseCatalog.Scan([folder]).ReadReference();
    }
}
