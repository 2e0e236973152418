using System.Text;
using RxAtlas.Sources.Csv;

namespace RxAtlas.Sources.Tests;

public sealed class FieldTextTests
{
    [Theory]
    [InlineData("HIGH STREET SURGERY")]
    [InlineData("CAFÉ PRACTICE")]
    [InlineData("ÆRØ – µg")]
    [InlineData("Ã©")] // what "é" looks like read wrongly: its UTF-8 bytes read as Latin-1
    public void Decode_OfTheSameTextWrittenAsLatin1OrAsUtf8_GivesItBack(string text)
    {
        static string ReadAsLatin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

        var utf8 = FieldText.Decode(ReadAsLatin1(Encoding.UTF8.GetBytes(text))).ToString();

        Assert.Equal(text, utf8);
        if (text.All(c => c <= '\u00FF') && text != "Ã©") // representable in Latin-1, and not itself valid UTF-8 once encoded
            Assert.Equal(text, FieldText.Decode(ReadAsLatin1(Encoding.Latin1.GetBytes(text))).ToString());
    }
}
