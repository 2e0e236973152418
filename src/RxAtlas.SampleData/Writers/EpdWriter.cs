using System.Globalization;
using RxAtlas.Core;
using RxAtlas.SampleData.Generation;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes NHSBSA EPD files: flavour A (<c>EPD_YYYYMM.csv</c>, 26 columns), B (<c>EPD_SNOMED_YYYYMM.csv</c>, + SNOMED_CODE)
/// and C (from 2025-03: renamed columns, <c>YEAR_MONTH</c> as <c>2025-03</c>). CRLF, names with commas quoted.</summary>
internal sealed class EpdWriter : MonthWriter
{
    private readonly SampleFormat _format;
    private readonly string?[] _presentationText;
    private string _practicePrefix = "";

    public EpdWriter(TextWriter writer, YearMonth month, SampleFormat format, int presentations) : base(writer, month)
    {
        _format = format;
        _presentationText = new string?[presentations];
    }

    public static string FileName(YearMonth month, SampleFormat format) =>
        format == SampleFormat.EpdRetired ? $"EPD_{month.Key}.csv" : $"EPD_SNOMED_{month.Key}.csv";

    /// <summary>The header of the flavour for <paramref name="format"/> in <paramref name="month"/>.</summary>
    public static string Header(YearMonth month, SampleFormat format)
    {
        if (format == SampleFormat.EpdSnomed2025)
        {
            return "YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,ICB_NAME,ICB_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,"
                + "ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_PRESENTATION_CODE,"
                + "BNF_PRESENTATION_NAME,BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQ_USAGE,NIC,ACTUAL_COST,UNIDENTIFIED,SNOMED_CODE";
        }
        var org = OrganisationNames.SubRegionPrefix(month);
        var header = $"YEAR_MONTH,REGIONAL_OFFICE_NAME,REGIONAL_OFFICE_CODE,{org}_NAME,{org}_CODE,PCO_NAME,PCO_CODE,PRACTICE_NAME,PRACTICE_CODE,"
            + "ADDRESS_1,ADDRESS_2,ADDRESS_3,ADDRESS_4,POSTCODE,BNF_CHEMICAL_SUBSTANCE,CHEMICAL_SUBSTANCE_BNF_DESCR,BNF_CODE,BNF_DESCRIPTION,"
            + "BNF_CHAPTER_PLUS_CODE,QUANTITY,ITEMS,TOTAL_QUANTITY,ADQUSAGE,NIC,ACTUAL_COST,UNIDENTIFIED";
        return format == SampleFormat.EpdSnomed ? header + ",SNOMED_CODE" : header;
    }

    public override void WriteHeader()
    {
        Writer.Write(Header(Month, _format));
        Writer.Write("\r\n");
    }

    public override void BeginPractice(Practice practice)
    {
        var line = new LineBuilder();
        line.Append(_format == SampleFormat.EpdSnomed2025 ? Month.ToString() : Month.Key.ToString(CultureInfo.InvariantCulture));
        line.Append(',');
        if (practice.Kind == PracticeKind.NationalUnidentified)
        {
            line.Append("UNIDENTIFIED,-,UNIDENTIFIED,-,UNIDENTIFIED,-,");
            line.AppendField(practice.Name);
            line.Append(",-,-,-,-,-,-,");
        }
        else
        {
            var town = practice.Home;
            var (regionCode, regionName) = OrganisationNames.Region(town, Month);
            var (subCode, subName) = OrganisationNames.SubRegion(town, Month);
            var (pcoCode, pcoName) = OrganisationNames.Pco(town, Month);
            foreach (var field in new[] { regionName, regionCode, subName, subCode, pcoName, pcoCode, practice.Name, practice.Code,
                         practice.Address1, practice.Address2, practice.Town, practice.County, practice.Postcode })
            {
                line.AppendField(field);
                line.Append(',');
            }
        }
        _practicePrefix = line.ToString();
    }

    protected override long Format(Practice practice, int presentationIndex, Presentation presentation, in RowValues v)
    {
        Line.Append(_practicePrefix);
        Line.Append(_presentationText[presentationIndex] ??= PresentationText(presentation));
        Line.AppendDecimal(v.QuantityPerItemMilli, Scale.QuantityDigits, 1);
        Line.Append(',');
        Line.AppendInteger(v.Items);
        Line.Append(',');
        Line.AppendDecimal(v.TotalQuantityMilli, Scale.QuantityDigits, 1);
        Line.Append(',');
        if (v.AdqE5 >= 0 || v.AdqE5 < -1) Line.AppendDecimal(v.AdqE5, 5, 5);
        Line.Append(',');
        Line.AppendDecimal(v.NicPence, Scale.NicDigits, 2);
        Line.Append(',');
        Line.AppendDecimal(v.ActualCostE5, Scale.ActualCostDigits, 5);
        Line.Append(practice.IsUnidentified ? ",Y" : ",N");
        if (_format != SampleFormat.EpdRetired)
        {
            Line.Append(',');
            Line.Append(presentation.SnomedCode);
        }
        Line.Append("\r\n");
        return v.ActualCostE5;
    }

    private string PresentationText(Presentation p)
    {
        var flavourC = _format == SampleFormat.EpdSnomed2025;
        var chemical = p.Chemical;
        var chemicalCode = flavourC && p.IsAppliance ? chemical.Section.Code : chemical.Code;
        var name = Month < new YearMonth(2020, 11) ? p.LegacyName : p.DmdName;
        var chapter = chemical.Section.ChapterCode;
        var line = new LineBuilder();
        foreach (var field in new[] { chemicalCode, chemical.Name, p.Code, name, $"{chapter}: {BnfStructure.Chapters[chapter]}" })
        {
            line.AppendField(field);
            line.Append(',');
        }
        return line.ToString();
    }
}
