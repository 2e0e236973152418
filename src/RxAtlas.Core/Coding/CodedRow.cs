using System.Runtime.InteropServices;

namespace RxAtlas.Core.Coding;

/// <summary>One prescribing row with its practice and BNF codes replaced by dense ids (indexes into
/// <see cref="CodedPrescribing.PracticeCodes"/> and <see cref="CodedPrescribing.BnfCodes"/>); measures at <see cref="Scale"/>.
/// 40 bytes, so a full month of ~9.4 million rows fits in ~380 MB.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CodedRow
{
    public int PracticeId;
    public int BnfId;
    public long Items;
    public long QuantityMilli;
    public long NicPence;
    public long ActualCostE5;

    public CodedRow(int practiceId, int bnfId, long items, long quantityMilli, long nicPence, long actualCostE5)
    {
        PracticeId = practiceId;
        BnfId = bnfId;
        Items = items;
        QuantityMilli = quantityMilli;
        NicPence = nicPence;
        ActualCostE5 = actualCostE5;
    }
}
