using System.Text;
using RxAtlas.Sources.Parallel;

namespace RxAtlas.Sources.Tests;

/// <summary>The fast path's code lookup is exact: every code of 1–15 bytes is found with its own id, and nothing else is.</summary>
public sealed class CodeTableTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public void TryGet_ManyCodesOfEveryLength_EachFoundWithItsIdAndOthersNot()
    {
        var random = new Random(7);
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < 20_000) codes.Add(new string([.. Enumerable.Range(0, random.Next(1, 16)).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        var ids = codes.Select((code, id) => (code, id)).ToList();
        var table = new CodeTable();
        var inserted = ids.Take(10_000).ToList();
        foreach (var (code, id) in inserted) table.Add(B(code), id);

        foreach (var (code, id) in inserted)
        {
            Assert.True(table.TryGet(B(code), out var found), code);
            Assert.Equal(id, found);
        }
        foreach (var (code, _) in ids.Skip(10_000)) Assert.False(table.TryGet(B(code), out _), code);
    }

    [Theory]
    [InlineData("AB", "AB\0")]            // a shorter code is not a prefix match
    [InlineData("0101010C0AAAA05", "0101010C0AAAA0")]
    [InlineData("12345678", "123456789")]
    [InlineData("N81001", "N81001 ")]
    public void TryGet_CodesDifferingOnlyInLength_AreDifferent(string held, string asked)
    {
        var table = new CodeTable();
        table.Add(B(held), 1);

        Assert.False(table.TryGet(B(asked), out _));
        Assert.True(table.TryGet(B(held), out var id));
        Assert.Equal(1, id);
    }

    [Fact]
    public void Add_EmptyOrLongerThan15Bytes_IsNotHeld()
    {
        var table = new CodeTable();
        table.Add(B("0101010C0AAAA05X"), 1);
        table.Add([], 2);

        Assert.False(table.TryGet(B("0101010C0AAAA05X"), out _));
        Assert.False(table.TryGet([], out _));
    }
}
