using System.Text.RegularExpressions;
using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>What a source file was recognised as.</summary>
/// <param name="File">The source.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Layout">For prescribing files, the layout found in the header (null when the header is not recognised;
/// the reader then reports exactly what is wrong).</param>
/// <param name="NameMonth">The month in the file name, when it has one (<c>T201911…</c>, <c>EPD_201401</c>).</param>
public sealed record DetectedSource(SourceFile File, SourceKind Kind, PrescribingLayout? Layout, YearMonth? NameMonth)
{
    /// <summary>Why a file dated by its name could not be opened or recognised: its month fails (see <see cref="ReleaseCatalog.Scan"/>).</summary>
    public DataFormatException? Problem { get; init; }
}

/// <summary>Recognises a source's layout from its file name and, always for prescribing files and otherwise when the name
/// says nothing, from its header row (or the shape of its first row when the layout has no header).</summary>
public static partial class SourceDetector
{
    internal static readonly string[] PdpiColumns = ["SHA", "PCT", "PRACTICE", "BNF CODE", "BNF NAME", "ITEMS", "NIC", "ACT COST", "QUANTITY", "PERIOD"];

    /// <summary>Recognises <paramref name="file"/>.</summary>
    /// <exception cref="DataFormatException">The layout cannot be recognised, or the file is empty and its name says nothing.</exception>
    public static DetectedSource Detect(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var byName = KindFromName(file.FileName);
        var month = MonthFromName(file.FileName);
        if (byName is SourceKind.PostcodesIoJson)
        {
            return IsPostcodesIoResponse(file)
                ? new DetectedSource(file, byName.Value, null, month)
                : throw new DataFormatException(file.DisplayName, 0, null, "unrecognised JSON: expected a postcodes.io bulk response with a \"result\" array");
        }
        if (byName is not null and not SourceKind.PdpiPrescribing and not SourceKind.EpdPrescribing)
        {
            return new DetectedSource(file, byName.Value, null, month);
        }
        var sniffed = Sniff(file, out var empty);
        if (byName is not null)
        {
            // Prescribing by name: the header decides the layout; a wrong header (or an empty file) is reported by the reader,
            // so only that file's month fails.
            var layout = sniffed is { } s && s.Kind == byName ? s.Layout : null;
            return new DetectedSource(file, byName.Value, layout, month);
        }
        if (empty) throw new DataFormatException(file.DisplayName, 0, null, "the file is empty; expected a header row or data");
        return sniffed is { } found
            ? new DetectedSource(file, found.Kind, found.Layout, month)
            : throw new DataFormatException(file.DisplayName, 1, null,
                "unrecognised layout: expected a PDPI, EPD, ADDR, BNF code, postcode lookup, CHEM SUBS, epraccur, GP list-size or GP practice map file");
    }

    /// <summary>True when a JSON file looks like a postcodes.io response (a <c>"result"</c> member near the start).</summary>
    public static bool IsPostcodesIoResponse(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var text = file.OpenText();
        var buffer = new char[1 << 14];
        var n = text.ReadBlock(buffer, 0, buffer.Length);
        var head = buffer.AsSpan(0, n).TrimStart();
        return head.Length > 0 && head[0] is '{' or '[' && head.IndexOf("\"result\"", StringComparison.Ordinal) >= 0;
    }

    /// <summary>True for the <c>manifest.json</c> that <c>rxatlas generate</c> writes beside its files (its
    /// <c>"generator": "RxAtlas.SampleData"</c> member first): a description of the files, not a source.</summary>
    public static bool IsGeneratorManifest(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return false;
        using var text = file.OpenText();
        var buffer = new char[1 << 12];
        var n = text.ReadBlock(buffer, 0, buffer.Length);
        return GeneratorMember().IsMatch(buffer.AsSpan(0, n));
    }

    /// <summary>The kind the file name announces, or null for a name that says nothing.</summary>
    public static SourceKind? KindFromName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
        {
            return SourceKind.PostcodesIoJson;
        }
        if (PdpiName().IsMatch(name)) return SourceKind.PdpiPrescribing;
        if (AddrName().IsMatch(name)) return SourceKind.Addresses;
        if (ChemName().IsMatch(name)) return SourceKind.ChemicalSubstances;
        if (EpdName().IsMatch(name)) return SourceKind.EpdPrescribing;
        if (BnfName().IsMatch(name)) return SourceKind.BnfCodes;
        if (name.StartsWith("epraccur", StringComparison.OrdinalIgnoreCase)) return SourceKind.Epraccur;
        if (ListSizeName().IsMatch(name)) return SourceKind.ListSizes;
        if (PracticeMapName().IsMatch(name)) return SourceKind.PracticeMap;
        return null;
    }

    /// <summary>The month in a PDPI/ADDR/CHEM (<c>T201911…</c>) or EPD (<c>EPD_201401</c>, <c>EPD_SNOMED_202503</c>) file name.</summary>
    public static YearMonth? MonthFromName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        var match = PlpMonth().Match(name);
        if (!match.Success) match = EpdName().Match(name);
        return match.Success && YearMonth.TryParse(match.Groups["month"].ValueSpan, out var month) ? month : null;
    }

    /// <summary>Recognises a layout from the first record of a CSV file, or null (as when the file is <paramref name="empty"/>).</summary>
    internal static (SourceKind Kind, PrescribingLayout? Layout)? Sniff(SourceFile file, out bool empty)
    {
        using var csv = file.OpenCsv();
        empty = !csv.Read();
        return empty ? null : Classify(csv);
    }

    /// <summary>Classifies the current (first) record of a file.</summary>
    internal static (SourceKind Kind, PrescribingLayout? Layout)? Classify(CsvReader csv)
    {
        var header = new CsvHeader(csv);
        if (IsPdpiHeader(header))
        {
            return (SourceKind.PdpiPrescribing, header.HasTrailingEmpty ? PrescribingLayout.PdpiPadded : PrescribingLayout.PdpiClean);
        }
        if (EpdLayout(header) is { } epd) return (SourceKind.EpdPrescribing, epd);
        if (header.Has("BNF Presentation Code") || header.Has("BNF_PRESENTATION_CODE") && header.Has("BNF_CHAPTER_CODE"))
        {
            return (SourceKind.BnfCodes, null);
        }
        if (header.Has("postcode") && header.Has("latitude") && header.Has("longitude")) return (SourceKind.PostcodeLookup, null);
        if (header.Count > 0 && header.Names[0].StartsWith("CHEM SUB", StringComparison.OrdinalIgnoreCase))
        {
            return (SourceKind.ChemicalSubstances, null);
        }
        if (header.Has("NUMBER_OF_PATIENTS") && (header.Has("CODE") || header.Has("ORG_CODE"))) return (SourceKind.ListSizes, null);
        if (header.Has("PRACTICE_CODE") && (header.Has("ICB_NAME") || header.Has("SUB_ICB_LOCATION_NAME") || header.Has("CCG_NAME")))
        {
            return (SourceKind.PracticeMap, null);
        }
        if (csv.FieldCount is 8 or 9 && YearMonth.TryParse(csv[0], out _) && PracticeCode.IsValid(csv[1])) return (SourceKind.Addresses, null);
        if (csv.FieldCount == EpraccurReader.FieldCount && PracticeCode.IsValid(csv[0])) return (SourceKind.Epraccur, null);
        return null;
    }

    internal static bool IsPdpiHeader(CsvHeader header)
    {
        if (header.Count is not (10 or 11) || header.Count == 11 && !header.HasTrailingEmpty) return false;
        for (var i = 0; i < PdpiColumns.Length; i++)
        {
            if (!string.Equals(header.Names[i], PdpiColumns[i], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    /// <summary>The EPD column set a header has, or null when it is not an EPD header.</summary>
    internal static PrescribingLayout? EpdLayout(CsvHeader header)
    {
        if (!header.Has("YEAR_MONTH") || !header.Has("PRACTICE_CODE")) return null;
        if (!header.Has("BNF_CODE") && !header.Has("BNF_PRESENTATION_CODE")) return null;
        if (header.Has("BNF_CHEMICAL_SUBSTANCE_CODE")) return PrescribingLayout.EpdSnomed2025;
        return header.Has("SNOMED_CODE") ? PrescribingLayout.EpdSnomed : PrescribingLayout.EpdRetired;
    }

    [GeneratedRegex(@"^T(?<month>\d{6})PDPI[ +_]?BNFT", RegexOptions.IgnoreCase)]
    private static partial Regex PdpiName();

    [GeneratedRegex(@"^T(?<month>\d{6})ADDR[ +_]?BNFT", RegexOptions.IgnoreCase)]
    private static partial Regex AddrName();

    [GeneratedRegex(@"^T(?<month>\d{6})CHEM[ +_]?SUBS", RegexOptions.IgnoreCase)]
    private static partial Regex ChemName();

    [GeneratedRegex(@"^T(?<month>\d{6})(PDPI|ADDR|CHEM)", RegexOptions.IgnoreCase)]
    private static partial Regex PlpMonth();

    [GeneratedRegex(@"^EPD_(SNOMED_)?(?<month>\d{6})", RegexOptions.IgnoreCase)]
    private static partial Regex EpdName();

    /// <summary><c>gp-reg-pat-prac-all…</c> (practice totals) and <c>gp-reg-pat(ients)-prac-quin-age…</c>.</summary>
    [GeneratedRegex(@"^gp[-_]reg[-_]pat(ients)?[-_]prac[-_](all|quin[-_]age)", RegexOptions.IgnoreCase)]
    private static partial Regex ListSizeName();

    /// <summary><c>gp-reg-pat-prac-map…</c> (the practice → sub-ICB → ICB → region map).</summary>
    [GeneratedRegex(@"^gp[-_]reg[-_]pat(ients)?[-_]prac[-_]map", RegexOptions.IgnoreCase)]
    private static partial Regex PracticeMapName();

    [GeneratedRegex(@"^\s*\{\s*""generator""\s*:\s*""RxAtlas\.SampleData""")]
    private static partial Regex GeneratorMember();

    [GeneratedRegex(@"BNF[ _]?Code[ _]?Information|^BNF_CODE_CURRENT_", RegexOptions.IgnoreCase)]
    private static partial Regex BnfName();
}
