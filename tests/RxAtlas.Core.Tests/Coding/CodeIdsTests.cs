using RxAtlas.Core.Coding;

namespace RxAtlas.Core.Tests.Coding;

public sealed class CodeIdsTests
{
    [Fact]
    public void IdOf_NewCodes_GetDenseIdsInFirstSeenOrder()
    {
        var ids = new CodeIds();

        Assert.Equal([0, 1, 0, 2, 1], new[] { "B", "A", "B", "C", "A" }.Select(ids.IdOf));
        Assert.Equal(["B", "A", "C"], ids.Codes);
    }

    [Fact]
    public void IdOf_EqualCodesInDistinctInstances_ShareOneId()
    {
        var ids = new CodeIds();
        var first = new string("0407010H0AAAAAA".AsSpan());
        var second = new string("0407010H0AAAAAA".AsSpan());
        Assert.False(ReferenceEquals(first, second));

        Assert.Equal(ids.IdOf(first), ids.IdOf(second));
        Assert.Single(ids.Codes);
    }

    [Fact]
    public void IdOf_ManyUnpooledInstances_StillMapByValue()
    {
        var ids = new CodeIds();
        var codes = Enumerable.Range(0, 3).Select(i => $"A8100{i}").ToArray();

        var mapped = Enumerable.Range(0, 20_000).Select(i => ids.IdOf(new string(codes[i % 3].AsSpan()))).ToList();

        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => i % 3), mapped);
        Assert.Equal(codes, ids.Codes);
    }

    [Fact]
    public void IdOf_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new CodeIds().IdOf(null!));
    }
}
