namespace RxAtlas.SampleData.Model;

internal enum PracticeKind
{
    /// <summary>An ordinary GP practice.</summary>
    Regular,

    /// <summary>Like real <c>Y06381</c>: prescribes a little but has no address lines or postcode.</summary>
    NoAddress,

    /// <summary>EPD's national unidentified prescribers, practice code <c>-</c>.</summary>
    NationalUnidentified,

    /// <summary>EPD's per-PCO unidentified prescribers, practice code ending <c>998</c>.</summary>
    PcoUnidentified,
}

/// <summary>A synthetic prescribing cost centre with everything every layout needs about it.</summary>
/// <param name="Name">Name as EPD and ODS give it (may contain a comma).</param>
/// <param name="Postcode">Empty for <see cref="PracticeKind.NoAddress"/> and unidentified practices.</param>
/// <param name="HasCoordinates">False for the few postcodes deliberately missing from the postcode lookups.</param>
/// <param name="Size">Relative prescribing volume (list size).</param>
/// <param name="ActiveFrom">First month key (yyyyMM) it prescribes in.</param>
/// <param name="ActiveTo">Last month key it prescribes in.</param>
internal sealed record Practice(
    string Code,
    string Name,
    string Address1,
    string Address2,
    string Town,
    string County,
    string Postcode,
    double Latitude,
    double Longitude,
    bool HasCoordinates,
    Town Home,
    double Size,
    int ActiveFrom,
    int ActiveTo,
    PracticeKind Kind,
    ulong Hash)
{
    public bool IsUnidentified => Kind is PracticeKind.NationalUnidentified or PracticeKind.PcoUnidentified;

    public bool IsActive(int monthKey) => monthKey >= ActiveFrom && monthKey <= ActiveTo;

    /// <summary>PDPI files were never quoted, so the name there has no commas; 40 characters at most.</summary>
    public string PdpiName
    {
        get
        {
            var name = Name.Replace(",", "", StringComparison.Ordinal);
            return name.Length > 40 ? name[..40] : name;
        }
    }
}
