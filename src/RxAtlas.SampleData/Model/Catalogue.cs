namespace RxAtlas.SampleData.Model;

/// <summary>A chemical substance (or, for appliances, the placeholder level) and the levels above it.</summary>
internal sealed record Chemical(
    string Code,
    string Name,
    string SubparagraphCode,
    string SubparagraphName,
    string ParagraphCode,
    string ParagraphName,
    BnfSectionSpec Section);

/// <summary>One BNF presentation of the synthetic catalogue with its economics.</summary>
/// <param name="Code">15 characters for drugs, 11 for appliances.</param>
/// <param name="LegacyName">Abbreviated style used before Nov 2020 and in the historic BNF file (<c>Atorvastatin_Tab 20mg</c>).</param>
/// <param name="DmdName">dm+d style used from Nov 2020 and in the current-year BNF file.</param>
/// <param name="Popularity">Relative chance a practice prescribes it in a month, in (0, 1].</param>
/// <param name="PackQuantityMilli">Quantity per item for one pack, in thousandths.</param>
/// <param name="PackPricePence">NIC of one pack in pence (fractional, before rounding per row).</param>
/// <param name="InCodeFile">False for the few codes deliberately left out of the BNF code file.</param>
/// <param name="AdqPerUnitE2">ADQ usage per unit of quantity, in hundredths.</param>
internal sealed record Presentation(
    string Code,
    string ProductCode,
    string ProductLegacyName,
    string ProductDmdName,
    string LegacyName,
    string DmdName,
    Chemical Chemical,
    double Popularity,
    long PackQuantityMilli,
    double PackPricePence,
    bool InCodeFile,
    string SnomedCode,
    int AdqPerUnitE2)
{
    public bool IsAppliance => Code.Length == Core.BnfCode.ApplianceLength;
}
