using RxAtlas.SampleData.Model;

namespace RxAtlas.SampleData.Generation;

/// <summary>The measures of one written row, already at the precision its layout prints (so sums of these are exact truth).</summary>
/// <param name="QuantityPerItemMilli">EPD's QUANTITY (per item); 0 for PDPI.</param>
/// <param name="TotalQuantityMilli">PDPI QUANTITY / EPD TOTAL_QUANTITY.</param>
/// <param name="AdqE5">EPD ADQ usage ×1e5, or -1 when blank (appliances).</param>
internal readonly record struct RowValues(
    long Items,
    long QuantityPerItemMilli,
    long TotalQuantityMilli,
    long NicPence,
    long ActualCostE5,
    long AdqE5);

/// <summary>Receives a month's rows in file order.</summary>
internal interface IRowSink
{
    void BeginPractice(Practice practice);

    void Row(Practice practice, int presentationIndex, Presentation presentation, in RowValues values);
}

/// <summary>How precisely a layout prints measures, and which rows it has.</summary>
internal readonly record struct LayoutPrecision(long QuantityStepMilli, long ActualCostStepE5, bool SplitPackSizes, bool HasUnidentified)
{
    public static LayoutPrecision For(SampleFormat format) => format switch
    {
        SampleFormat.PdpiPadded => new(1_000, 1_000, false, false),
        SampleFormat.PdpiClean => new(100, 1_000, false, false),
        _ => new(100, 1, true, true),
    };
}
