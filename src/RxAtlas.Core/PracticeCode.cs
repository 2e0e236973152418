namespace RxAtlas.Core;

/// <summary>Rules for prescribing cost-centre ("practice") codes.</summary>
public static class PracticeCode
{
    /// <summary>The code NHSBSA gives prescriptions whose prescriber could not be identified nationally.</summary>
    public const string NationalUnidentified = "-";

    /// <summary>True for the pseudo-practices that collect unidentified prescribers: <c>-</c> and codes ending <c>998</c>.
    /// They are kept as practices of their own, flagged, and never merged into a real practice.</summary>
    public static bool IsUnidentified(ReadOnlySpan<char> code) =>
        code.SequenceEqual(NationalUnidentified) || code.EndsWith("998", StringComparison.Ordinal);

    /// <summary>True for a plausible code: 1 to 8 upper-case letters or digits, or the national <c>-</c>.</summary>
    public static bool IsValid(ReadOnlySpan<char> code)
    {
        if (code.SequenceEqual(NationalUnidentified)) return true;
        if (code.Length is < 1 or > 8) return false;
        foreach (var c in code)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c)) return false;
        }
        return true;
    }
}
