using RxAtlas.Core;
using RxAtlas.SampleData.Writers;

namespace RxAtlas.SampleData;

/// <summary>The published file names the generator writes (before any <c>.gz</c>/<c>.zip</c> packing).</summary>
public static class SampleFileNames
{
    /// <summary><c>T201911PDPI BNFT.csv</c>, <c>EPD_201601.csv</c> or <c>EPD_SNOMED_202503.csv</c>.</summary>
    public static string Prescribing(YearMonth month, SampleFormat format) => format switch
    {
        SampleFormat.Auto => Prescribing(month, GeneratorOptions.HistoricalFormat(month)),
        SampleFormat.PdpiPadded or SampleFormat.PdpiClean => PdpiWriter.FileName(month),
        _ => EpdWriter.FileName(month, format),
    };

    /// <summary><c>T201911ADDR BNFT.csv</c> (PDPI months only).</summary>
    public static string Address(YearMonth month) => AddressWriter.FileName(month);

    /// <summary><c>20200201_1580515200000_BNF_Code_Information.csv</c> or <c>BNF_CODE_CURRENT_202503_VERSION_88.csv</c>.</summary>
    public static string BnfCodes(BnfCodeFileLayout layout, YearMonth month) => BnfCodeFileWriter.FileName(layout, month);

    public const string PostcodeLookup = PracticeReferenceWriters.PostcodeLookupFileName;
    public const string Epraccur = PracticeReferenceWriters.EpraccurFileName;
    public const string PostcodesIo = PracticeReferenceWriters.PostcodesIoFileName;
    public const string Manifest = ManifestWriter.FileName;
}
