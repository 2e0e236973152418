using RxAtlas.Core;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources;

/// <summary>A chemical substance code and name from a PDPI-era <c>CHEM SUBS</c> file.</summary>
public sealed record ChemicalSubstance(string Code, string Name);

/// <summary>Reads <c>T{YYYYMM}CHEM SUBS.csv</c>: header <c>CHEM SUB,NAME,YYYYMM,</c>, then code and padded name by position.</summary>
public static class ChemicalSubstanceReader
{
    /// <exception cref="DataFormatException">An empty file, a wrong header, or a row without a code and name.</exception>
    public static IEnumerable<ChemicalSubstance> Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var csv = file.OpenCsv();
        if (!csv.Read()) throw new DataFormatException(file.DisplayName, 0, null, "the file is empty; expected a CHEM SUB header");
        if (!csv[0].StartsWith("CHEM SUB", StringComparison.OrdinalIgnoreCase))
        {
            throw new DataFormatException(file.DisplayName, csv.LineNumber, "CHEM SUB", $"expected the header 'CHEM SUB,NAME,…', found '{csv[0]}'");
        }
        while (csv.Read())
        {
            if (csv.FieldCount < 2) FieldParser.RequireFieldCount(csv, 3, 2);
            if (csv[0].IsEmpty) continue;
            yield return new ChemicalSubstance(csv.GetString(0), FieldText.Decode(csv[1]).ToString());
        }
    }
}
