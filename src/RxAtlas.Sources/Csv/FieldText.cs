using System.Text;
using System.Text.Unicode;

namespace RxAtlas.Sources.Csv;

/// <summary>Text fields are read as Latin-1, as the publishers write them; a field that is valid UTF-8 instead (a file
/// saved by a spreadsheet or an editor, or one with a UTF-8 byte-order mark) is decoded as UTF-8, so "Ærø – Surgery"
/// survives either way. Telling them apart per field is safe: a Latin-1 name whose bytes also form valid multi-byte
/// UTF-8 would need two or three non-ASCII characters in a row in exactly the right ranges ("Ã©"), which names do not have.</summary>
public static class FieldText
{
    /// <summary>The field's text: <paramref name="latin1"/> itself when it is ASCII or not valid UTF-8, else its UTF-8 reading.</summary>
    public static ReadOnlySpan<char> Decode(ReadOnlySpan<char> latin1)
    {
        if (!latin1.ContainsAnyExceptInRange('\0', '\u007F')) return latin1;
        Span<byte> bytes = latin1.Length <= 512 ? stackalloc byte[latin1.Length] : new byte[latin1.Length];
        for (var i = 0; i < latin1.Length; i++)
        {
            if (latin1[i] > '\u00FF') return latin1; // not read from bytes as Latin-1 (a string given directly)
            bytes[i] = (byte)latin1[i];
        }
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes).AsSpan() : latin1;
    }
}
