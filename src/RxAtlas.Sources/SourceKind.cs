namespace RxAtlas.Sources;

/// <summary>What a source file holds.</summary>
public enum SourceKind
{
    /// <summary>NHS Digital practice-level prescribing, <c>T{YYYYMM}PDPI BNFT.csv</c>.</summary>
    PdpiPrescribing,

    /// <summary>NHSBSA English Prescribing Dataset, <c>EPD_{YYYYMM}.csv</c> or <c>EPD_SNOMED_{YYYYMM}.csv</c>.</summary>
    EpdPrescribing,

    /// <summary>NHS Digital practice addresses, <c>T{YYYYMM}ADDR BNFT.csv</c> (no header).</summary>
    Addresses,

    /// <summary>NHSBSA BNF Code Information (old spaced headers or the 2025 upper-case set).</summary>
    BnfCodes,

    /// <summary>A postcode lookup CSV: <c>postcode,county,region,longitude,latitude</c>.</summary>
    PostcodeLookup,

    /// <summary>A saved postcodes.io bulk-lookup response (JSON).</summary>
    PostcodesIoJson,

    /// <summary>ODS <c>epraccur.csv</c>: 27 columns, no header.</summary>
    Epraccur,

    /// <summary>NHS Digital chemical substance names, <c>T{YYYYMM}CHEM SUBS.csv</c>.</summary>
    ChemicalSubstances,

    /// <summary>NHS Digital patients registered at a GP practice: <c>gp-reg-pat-prac-all*.csv</c> (practice totals) or the
    /// quinary-age <c>gp-reg-pat-prac-quin-age*.csv</c>; read by <see cref="ListSizeReader"/>.</summary>
    ListSizes,

    /// <summary>NHS Digital's practice map published with the list sizes, <c>gp-reg-pat-prac-map*.csv</c>: each practice's
    /// sub-ICB location, ICB and region with their names; read by <see cref="PracticeMapReader"/>.</summary>
    PracticeMap,
}

/// <summary>The physical layout of a prescribing file.</summary>
public enum PrescribingLayout
{
    /// <summary>PDPI Aug 2010 – Nov 2018: padded header with a leading space, padded values, trailing comma (11 fields).</summary>
    PdpiPadded,

    /// <summary>PDPI Dec 2018 onwards: 10 clean fields, quantity may be decimal.</summary>
    PdpiClean,

    /// <summary>EPD retired dataset (flavour A, 26 columns).</summary>
    EpdRetired,

    /// <summary>EPD SNOMED dataset before March 2025 (flavour A + <c>SNOMED_CODE</c>).</summary>
    EpdSnomed,

    /// <summary>EPD SNOMED dataset from March 2025 (renamed columns; <c>BNF_CHEMICAL_SUBSTANCE</c> is the name).</summary>
    EpdSnomed2025,
}
