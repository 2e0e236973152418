using RxAtlas.Core;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Finds and validates what a month's load will read, without reading the prescribing rows (the load streams them).</summary>
public interface IReleaseStager
{
    /// <summary>Locates the month's prescribing release and checks names and headers.</summary>
    /// <exception cref="DataFormatException">A file that cannot be recognised or is malformed (file and line named).</exception>
    IMonthRelease StagePrescribing(YearMonth month);

    /// <summary>Reads one reference source (<see cref="LakeSources.Reference"/>) as of the month; empty when the lake has none.</summary>
    ReferenceData StageReference(string source, YearMonth month);
}
