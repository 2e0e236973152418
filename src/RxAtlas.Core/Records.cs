namespace RxAtlas.Core;

/// <summary>One row of a prescribing file at the source's grain, measures at <see cref="Scale"/>.</summary>
/// <remarks>PDPI rows are already one per practice and presentation; EPD has one per pack size, summed by the load.</remarks>
public readonly record struct PrescribingRow(
    string PracticeCode,
    string BnfCode,
    long Items,
    long QuantityMilli,
    long NicPence,
    long ActualCostE5);

/// <summary>Exact totals of everything a reader yielded: what each load is reconciled against.</summary>
public sealed record SourceTotals(long Rows, long Items, long QuantityMilli, long NicPence, long ActualCostE5)
{
    public static SourceTotals Empty { get; } = new(0, 0, 0, 0, 0);

    public SourceTotals Add(in PrescribingRow row) =>
        new(Rows + 1, Items + row.Items, QuantityMilli + row.QuantityMilli, NicPence + row.NicPence, ActualCostE5 + row.ActualCostE5);
}

/// <summary>What is known of a practice (prescribing cost centre) from any source; null where a source is silent.</summary>
public sealed record PracticeRecord(
    string PracticeCode,
    string? Name,
    string? Address,
    string? Postcode,
    string? RegionCode = null,
    string? RegionName = null,
    string? IcbCode = null,
    string? IcbName = null,
    string? SubIcbCode = null,
    string? SubIcbName = null,
    string? Setting = null,
    string? Status = null)
{
    public bool IsUnidentified => Core.PracticeCode.IsUnidentified(PracticeCode);

    /// <summary>This record with its gaps filled from <paramref name="other"/>. A geography's code and name (region, ICB,
    /// sub-ICB) stay a pair: a name is taken from <paramref name="other"/> only with its code, or when both give the same
    /// code, so a practice never shows one region's code with another's name.</summary>
    public PracticeRecord FilledFrom(PracticeRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var region = Pair(RegionCode, RegionName, other.RegionCode, other.RegionName);
        var icb = Pair(IcbCode, IcbName, other.IcbCode, other.IcbName);
        var subIcb = Pair(SubIcbCode, SubIcbName, other.SubIcbCode, other.SubIcbName);
        return this with
        {
            Name = Name ?? other.Name,
            Address = Address ?? other.Address,
            Postcode = Postcode ?? other.Postcode,
            RegionCode = region.Code,
            RegionName = region.Name,
            IcbCode = icb.Code,
            IcbName = icb.Name,
            SubIcbCode = subIcb.Code,
            SubIcbName = subIcb.Name,
            Setting = Setting ?? other.Setting,
            Status = Status ?? other.Status,
        };
    }

    private static (string? Code, string? Name) Pair(string? code, string? name, string? otherCode, string? otherName) =>
        code is null
            ? (otherCode, otherCode is null ? name ?? otherName : otherName)
            : (code, name ?? (string.Equals(code, otherCode, StringComparison.OrdinalIgnoreCase) ? otherName : null));
}

/// <summary>One presentation of the BNF hierarchy with all its parent levels; placeholder levels are null.</summary>
public sealed record BnfRecord(
    string PresentationCode,
    string? Presentation,
    string? ProductCode,
    string? Product,
    string? ChemicalCode,
    string? Chemical,
    string? SubparagraphCode,
    string? Subparagraph,
    string? ParagraphCode,
    string? Paragraph,
    string? SectionCode,
    string? Section,
    string? ChapterCode,
    string? Chapter);

/// <summary>A geocoded postcode. Region, ICB and sub-ICB come with it when the source has them.</summary>
public sealed record PostcodeLocation(
    string Postcode,
    double? Latitude,
    double? Longitude,
    string? County = null,
    string? RegionCode = null,
    string? RegionName = null,
    string? IcbCode = null,
    string? IcbName = null,
    string? SubIcbCode = null,
    string? SubIcbName = null);

/// <summary>A practice's registered patients in a month (NHS Digital "Patients Registered at a GP Practice").</summary>
public sealed record PracticeListSize(string PracticeCode, YearMonth Month, int Patients);
