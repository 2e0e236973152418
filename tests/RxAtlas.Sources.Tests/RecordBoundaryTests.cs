using System.Text;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

public sealed class RecordBoundaryTests
{
    private static int Cut(string text) => RecordBoundary.LastCut(Encoding.Latin1.GetBytes(text));

    [Theory]
    [InlineData("", 0)]
    [InlineData("a,b", 0)]
    [InlineData("a,b\n", 4)]
    [InlineData("a,b\nc,d\ne", 8)]
    [InlineData("a,b\r\nc,d\r\n", 10)]
    public void LastCut_UnquotedText_JustAfterTheLastLineBreak(string text, int cut) => Assert.Equal(cut, Cut(text));

    [Theory]
    [InlineData("a,\"b\nc\"\nd,\"e\nf", 8)]       // the open field's line break is not a boundary
    [InlineData("a,\"b\nc\"\nd,\"e\nf\"\n", 16)]
    [InlineData("\"x\ny\"", 0)]                    // one record, still open at the end
    [InlineData("a, \t\"b\nc\",d\n", 12)]         // padding before the opening quote
    [InlineData("a,\"b\"\"\nc\",d\n", 12)]         // an escaped quote does not close the field
    [InlineData("a,\"b\"\"\n", 0)]                 // still inside: "" then a line break
    [InlineData("a,\"b\"", 0)]
    [InlineData("a,\"b\"\n", 6)]
    [InlineData("a,\"b\n", 0)]
    [InlineData("x\na,\"b\"", 2)]                   // the data ends on a quote that may be the first of a pair
    public void LastCut_QuotedFields_LineBreaksInsideAreNotBoundaries(string text, int cut) => Assert.Equal(cut, Cut(text));

    [Theory]
    [InlineData("a,5\" x\nb,\"c\nd\"\n", 15)]      // a quote inside an unquoted field is a literal
    [InlineData("a,b\"\nc,\"d\n", 5)]
    [InlineData("\r\"a\nb,c\n", 8)]                  // a carriage return before a quote makes it a literal (as CsvReader reads it)
    public void LastCut_QuoteInsideAnUnquotedField_IsLiteral(string text, int cut) => Assert.Equal(cut, Cut(text));
}
