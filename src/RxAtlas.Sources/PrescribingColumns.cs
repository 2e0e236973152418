using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>Where each needed value sits in a prescribing file, found by header name. -1 means "not in this layout".</summary>
internal sealed class PrescribingColumns
{
    public required PrescribingLayout Layout { get; init; }
    public required CsvHeader Header { get; init; }
    public required int Practice { get; init; }
    public required int Bnf { get; init; }
    public required int BnfName { get; init; }
    public required int Items { get; init; }
    public required int Quantity { get; init; }
    public required int Nic { get; init; }
    public required int ActualCost { get; init; }
    public required int Month { get; init; }
    public int ChemicalCode { get; init; } = -1;
    public int ChemicalName { get; init; } = -1;
    public int PracticeName { get; init; } = -1;
    public int[] AddressLines { get; init; } = [];
    public int Postcode { get; init; } = -1;
    public int RegionCode { get; init; } = -1;
    public int RegionName { get; init; } = -1;
    public int IcbCode { get; init; } = -1;
    public int IcbName { get; init; } = -1;
    public int SubIcbCode { get; init; } = -1;
    public int SubIcbName { get; init; } = -1;

    public bool IsEpd => Layout is PrescribingLayout.EpdRetired or PrescribingLayout.EpdSnomed or PrescribingLayout.EpdSnomed2025;

    /// <summary>The header name of column <paramref name="index"/>, for messages.</summary>
    public string Name(int index) => Header.Names[index];

    /// <summary>Reads the first record of <paramref name="file"/>'s CSV as its header and maps it.</summary>
    /// <exception cref="DataFormatException">An empty file, or a header that is neither PDPI nor EPD or lacks a needed column.</exception>
    public static PrescribingColumns ReadHeader(CsvReader csv, SourceFile file)
    {
        if (!csv.Read()) throw new DataFormatException(file.DisplayName, 0, null, "the file is empty; expected a header row and data");
        return FromHeader(csv, SourceDetector.KindFromName(file.FileName));
    }

    /// <summary>Maps the header row the reader is on.</summary>
    /// <exception cref="DataFormatException">A header that is neither PDPI nor EPD, or lacks a needed column.</exception>
    public static PrescribingColumns FromHeader(CsvReader csv, SourceKind? expected)
    {
        var header = new CsvHeader(csv);
        if (expected != SourceKind.EpdPrescribing && SourceDetector.IsPdpiHeader(header)) return Pdpi(header);
        if (expected != SourceKind.PdpiPrescribing && SourceDetector.EpdLayout(header) is { } layout) return Epd(csv.Name, header, layout);
        if (expected == SourceKind.PdpiPrescribing) throw WrongPdpiHeader(csv.Name, header);
        if (expected == SourceKind.EpdPrescribing)
        {
            header.Require(csv.Name, "YEAR_MONTH");
            header.Require(csv.Name, "PRACTICE_CODE");
            header.Require(csv.Name, "BNF_CODE", "BNF_PRESENTATION_CODE");
        }
        throw new DataFormatException(csv.Name, header.Line, null,
            $"missing or unrecognised header; expected a PDPI header ({string.Join(",", SourceDetector.PdpiColumns)}) or an EPD header " +
            $"(YEAR_MONTH,…,PRACTICE_CODE,…,BNF_CODE,…); found '{Shorten(header.Describe())}'");
    }

    private static PrescribingColumns Pdpi(CsvHeader header) => new()
    {
        Layout = header.HasTrailingEmpty ? PrescribingLayout.PdpiPadded : PrescribingLayout.PdpiClean,
        Header = header,
        Practice = 2,
        Bnf = 3,
        BnfName = 4,
        Items = 5,
        Nic = 6,
        ActualCost = 7,
        Quantity = 8,
        Month = 9,
    };

    private static PrescribingColumns Epd(string file, CsvHeader header, PrescribingLayout layout)
    {
        var renamed = layout == PrescribingLayout.EpdSnomed2025;
        return new PrescribingColumns
        {
            Layout = layout,
            Header = header,
            Practice = header.Require(file, "PRACTICE_CODE"),
            Bnf = header.Require(file, "BNF_PRESENTATION_CODE", "BNF_CODE"),
            BnfName = header.Find("BNF_PRESENTATION_NAME", "BNF_DESCRIPTION"),
            Items = header.Require(file, "ITEMS"),
            Quantity = header.Require(file, "TOTAL_QUANTITY"),
            Nic = header.Require(file, "NIC"),
            ActualCost = header.Require(file, "ACTUAL_COST"),
            Month = header.Require(file, "YEAR_MONTH"),
            // The trap: BNF_CHEMICAL_SUBSTANCE is the code in the older sets and the name from March 2025.
            ChemicalCode = renamed ? header.Find("BNF_CHEMICAL_SUBSTANCE_CODE") : header.Find("BNF_CHEMICAL_SUBSTANCE"),
            ChemicalName = renamed ? header.Find("BNF_CHEMICAL_SUBSTANCE") : header.Find("CHEMICAL_SUBSTANCE_BNF_DESCR"),
            PracticeName = header.Find("PRACTICE_NAME"),
            AddressLines = [.. new[] { "ADDRESS_1", "ADDRESS_2", "ADDRESS_3", "ADDRESS_4" }.Select(n => header.Find(n)).Where(i => i >= 0)],
            Postcode = header.Find("POSTCODE"),
            RegionCode = header.Find("REGIONAL_OFFICE_CODE"),
            RegionName = header.Find("REGIONAL_OFFICE_NAME"),
            IcbCode = header.Find("ICB_CODE", "STP_CODE", "AREA_TEAM_CODE"),
            IcbName = header.Find("ICB_NAME", "STP_NAME", "AREA_TEAM_NAME"),
            SubIcbCode = header.Find("PCO_CODE"),
            SubIcbName = header.Find("PCO_NAME"),
        };
    }

    private static DataFormatException WrongPdpiHeader(string file, CsvHeader header)
    {
        for (var i = 0; i < SourceDetector.PdpiColumns.Length; i++)
        {
            var expected = SourceDetector.PdpiColumns[i];
            var found = i < header.Count ? header.Names[i] : null;
            if (!string.Equals(found, expected, StringComparison.OrdinalIgnoreCase))
            {
                return new DataFormatException(file, header.Line, expected,
                    $"missing or wrong PDPI header: column {i + 1} should be '{expected}' but is '{found ?? "(absent)"}'; " +
                    $"expected {string.Join(",", SourceDetector.PdpiColumns)}");
            }
        }
        return new DataFormatException(file, header.Line, null,
            $"the PDPI header has {header.Count} columns; expected 10, or 11 with a trailing comma");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
