using RxAtlas.Core;
using RxAtlas.SampleData.Generation;
using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Writers;

/// <summary>Writes <c>T{YYYYMM}PDPI BNFT.csv</c> in version A (padded, CRLF, trailing comma) or B (clean, LF, 10 columns).</summary>
internal sealed class PdpiWriter : MonthWriter
{
    /// <summary>The real version-A header, leading space and padding included.</summary>
    public const string PaddedHeader = " SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,";

    public const string CleanHeader = "SHA,PCT,PRACTICE,BNF CODE,BNF NAME,ITEMS,NIC,ACT COST,QUANTITY,PERIOD";

    private readonly bool _padded;
    private readonly string _newLine;
    private readonly string _period;
    private readonly string?[] _presentationText;
    private string _practicePrefix = "";

    public PdpiWriter(TextWriter writer, YearMonth month, bool padded, int presentations) : base(writer, month)
    {
        _padded = padded;
        _newLine = padded ? "\r\n" : "\n";
        _period = month.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _presentationText = new string?[presentations];
    }

    public static string FileName(YearMonth month) => $"T{month.Key}PDPI BNFT.csv";

    public override void WriteHeader()
    {
        Writer.Write(_padded ? PaddedHeader : CleanHeader);
        Writer.Write(_newLine);
    }

    public override void BeginPractice(Practice practice) =>
        _practicePrefix = $"{OrganisationNames.PdpiSha(practice.Home, Month)},{OrganisationNames.PdpiPct(practice.Home, Month)},{practice.Code},";

    protected override long Format(Practice practice, int presentationIndex, Presentation presentation, in RowValues v)
    {
        Line.Append(_practicePrefix);
        Line.Append(_presentationText[presentationIndex] ??= PresentationText(presentation));
        if (_padded)
        {
            Line.AppendInteger(v.Items, 7);
            Line.Append(',');
            Line.AppendDecimal(v.NicPence, Scale.NicDigits, 2, 8);
            Line.Append(',');
            Line.AppendDecimal(v.ActualCostE5, Scale.ActualCostDigits, 2, 8);
            Line.Append(',');
            Line.AppendDecimal(v.TotalQuantityMilli, Scale.QuantityDigits, 0, 7);
            Line.Append(',');
            Line.Append(_period);
            Line.Append(',');
        }
        else
        {
            Line.AppendInteger(v.Items);
            Line.Append(',');
            Line.AppendDecimal(v.NicPence, Scale.NicDigits, 2);
            Line.Append(',');
            Line.AppendDecimal(v.ActualCostE5, Scale.ActualCostDigits, 2);
            Line.Append(',');
            Line.AppendDecimal(v.TotalQuantityMilli, Scale.QuantityDigits, 1);
            Line.Append(',');
            Line.Append(_period);
        }
        Line.Append(_newLine);
        return v.ActualCostE5;
    }

    private string PresentationText(Presentation p)
    {
        var name = Month < new YearMonth(2020, 11) ? p.LegacyName : p.DmdName;
        name = name.Replace(",", "", StringComparison.Ordinal);
        var line = new LineBuilder();
        if (_padded)
        {
            line.AppendPadded(p.Code, BnfCode.DrugLength);
            line.Append(',');
            line.AppendPadded(name, 40);
        }
        else
        {
            line.Append(p.Code);
            line.Append(',');
            line.Append(name);
        }
        line.Append(',');
        return line.ToString();
    }
}
