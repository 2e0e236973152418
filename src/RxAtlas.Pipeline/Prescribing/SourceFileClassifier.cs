using System.Globalization;
using System.Text.RegularExpressions;
using RxAtlas.Acquisition;
using RxAtlas.Core;
using RxAtlas.Sources;
using SourceKind = RxAtlas.Sources.SourceKind;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Tells from a published file's name which source it belongs to and, where the name says, which month.</summary>
/// <remarks>Names from data-sources.md: <c>T201911PDPI BNFT.csv</c> (also <c>+</c> for the space), <c>T201911ADDR BNFT.csv</c>,
/// <c>T201911CHEM SUBS.csv</c>, <c>2019_11_Nov.zip</c>, <c>EPD_201911.csv</c>, <c>EPD_SNOMED_202101.ZIP</c>,
/// <c>20200201_1580570906919_BNF_Code_Information.zip</c>, <c>BNF_CODE_CURRENT_201911_VERSION_88.csv</c>, <c>ONSPD_NOV_2019_UK.csv</c>, <c>gridall.csv</c>, <c>epraccur.csv</c>.</remarks>
internal static partial class SourceFileClassifier
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>The source and month a file name implies (no month: not per month); null when the name is not one we know.</summary>
    public static (string Source, YearMonth? Month)? Classify(string fileName)
    {
        // What RxAtlas.Sources recognises by name, mapped onto the lake's source folders.
        switch (SourceDetector.KindFromName(fileName))
        {
            case SourceKind.PdpiPrescribing or SourceKind.Addresses or SourceKind.ChemicalSubstances:
                return (LakeSources.Pdpi, SourceDetector.MonthFromName(fileName));
            case SourceKind.EpdPrescribing:
                return (LakeSources.Epd, SourceDetector.MonthFromName(fileName));
            case SourceKind.Epraccur:
                return (LakeSources.Ods, null);
            case SourceKind.ListSizes or SourceKind.PracticeMap:
                return (LakeSources.ListSize, null);
        }

        // Names only the lake needs to place: monthly zips, dated BNF releases, postcode directories.
        if (MonthlyZipName().Match(fileName) is { Success: true } zip) return (LakeSources.Pdpi, Month(zip.Groups["ym"].Value));
        if (fileName.Contains("BNF", StringComparison.OrdinalIgnoreCase))
        {
            var dated = LeadingDate().Match(fileName) is { Success: true } date ? date : CurrentBnfName().Match(fileName);
            return (LakeSources.Bnf, dated.Success ? Month(dated.Groups["ym"].Value) : null);
        }
        if (OnspdName().Match(fileName) is { Success: true } onspd)
        {
            var index = Array.IndexOf(MonthNames, onspd.Groups["mon"].Value.ToUpperInvariant());
            return (LakeSources.Postcodes, index < 0 ? null : new YearMonth(int.Parse(onspd.Groups["y"].Value, CultureInfo.InvariantCulture), index + 1));
        }
        if (fileName.Contains("gridall", StringComparison.OrdinalIgnoreCase) || fileName.Contains("postcode", StringComparison.OrdinalIgnoreCase))
            return (LakeSources.Postcodes, null);
        return null;
    }

    /// <summary>The slot a file of <paramref name="source"/> fills in the lake, named as the fetch names it (so a copy and a
    /// download of the same file replace each other): <c>prescribing</c>, <c>addresses</c>, <c>chemicals</c> or
    /// <c>monthly-zip</c> for PDPI, <c>prescribing</c> for EPD, <c>bnf</c>, <c>epraccur</c>, <c>listsize</c> (or
    /// <see cref="PracticeMapSlot"/>); null for
    /// postcode lookups, which the fetch does not handle and which have no manifest.</summary>
    public static string? Slot(string source, string fileName) => source switch
    {
        LakeSources.Epd => EpdUpstream.Slot,
        LakeSources.Pdpi => SourceDetector.KindFromName(fileName) switch
        {
            SourceKind.Addresses => PdpiUpstream.AddressesSlot,
            SourceKind.ChemicalSubstances => PdpiUpstream.ChemicalsSlot,
            SourceKind.PdpiPrescribing => PdpiUpstream.PrescribingSlot,
            _ => MonthlyZipName().IsMatch(fileName) ? PdpiUpstream.ZipSlot : PdpiUpstream.PrescribingSlot,
        },
        LakeSources.Bnf => BnfUpstream.Slot,
        LakeSources.Ods => OdsReport,
        LakeSources.ListSize => SourceDetector.KindFromName(fileName) == SourceKind.PracticeMap ? PracticeMapSlot : ListSizeUpstream.Slot,
        _ => null,
    };

    /// <summary>The slot of the list-size publication's practice map (<c>gp-reg-pat-prac-map.csv</c>), beside the list sizes'
    /// own: the one the fetch downloads it into (<see cref="ListSizeUpstream.PracticeMapSlot"/>), so a <c>--from-dir</c> copy
    /// and a fetched map fill the same slot.</summary>
    public const string PracticeMapSlot = ListSizeUpstream.PracticeMapSlot;

    /// <summary>The ODS report the fetch downloads by default (<c>Ods:Report</c>), which is also its slot.</summary>
    private static readonly string OdsReport = new OdsOptions().Report;

    private static YearMonth? Month(string text) => YearMonth.TryParse(text, null, out var month) ? month : null;

    [GeneratedRegex(@"^(?<ym>\d{4}_\d{2})_[A-Za-z0-9]+\.zip$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthlyZipName();

    [GeneratedRegex(@"^(?<ym>\d{6})\d{2}_")]
    private static partial Regex LeadingDate();

    [GeneratedRegex(@"^BNF_CODE_CURRENT_(?<ym>\d{6})_", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentBnfName();

    [GeneratedRegex(@"ONSPD_(?<mon>[A-Za-z]{3})_(?<y>\d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex OnspdName();
}
