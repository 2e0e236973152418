namespace RxAtlas.Warehouse.Loading;

/// <summary>The one form the warehouse stores a practice's sub-ICB location (formerly CCG) code in: its ODS code, as
/// epraccur (columns 14/23), eccg and the postcode directories give it — <c>00P</c>, or a five-character code such as
/// <c>W2U3Z</c>.</summary>
/// <remarks>EPD's <c>PCO_CODE</c> writes a three-character ODS code with <c>00</c> appended (<c>00P00</c>); newer sub-ICB
/// locations have five real characters (<c>W2U3Z</c>, <c>A3A8R</c>, <c>D9Y0V</c>), kept whole. Only the appended
/// <c>00</c> is dropped, never other characters.</remarks>
public static class SubIcbCodes
{
    /// <summary>The ODS form of <paramref name="code"/> (trimmed, upper case; a five-character code ending in <c>00</c> loses
    /// the <c>00</c>); null for a blank one.</summary>
    public static string? Normalise(string? code)
    {
        var trimmed = code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Length == 5 && trimmed.EndsWith("00", StringComparison.Ordinal) ? trimmed[..3] : trimmed;
    }

    /// <summary>The same rule in SQL over <paramref name="column"/> (for upgrading stored codes; both engines).</summary>
    public static string NormaliseSql(string column) =>
        $"CASE WHEN LENGTH({column}) = 5 AND SUBSTR({column}, 4, 2) = '00' THEN SUBSTR({column}, 1, 3) ELSE {column} END";
}
