namespace RxAtlas.Core;

/// <summary>UK postcode normalisation: upper case, inner spaces removed, then one space before the 3-character inward code.</summary>
public static class Postcode
{
    /// <summary>Returns the display form (<c>"ts5  8sb "</c> → <c>"TS5 8SB"</c>), or null for a blank postcode.</summary>
    public static string? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        Span<char> buffer = stackalloc char[raw.Length];
        var n = 0;
        foreach (var c in raw)
        {
            if (!char.IsWhiteSpace(c)) buffer[n++] = char.ToUpperInvariant(c);
        }
        if (n <= 3) return new string(buffer[..n]);
        return string.Concat(buffer[..(n - 3)], " ", buffer[(n - 3)..n]);
    }

    /// <summary>The join key: upper case with every space removed.</summary>
    public static string? Key(string? raw) => Normalise(raw)?.Replace(" ", "", StringComparison.Ordinal);
}
