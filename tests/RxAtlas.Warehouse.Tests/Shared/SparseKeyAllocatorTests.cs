using RxAtlas.Warehouse.Keys;

namespace RxAtlas.Warehouse.Tests.Shared;

public sealed class SparseKeyAllocatorTests
{
    private static KeyValuePair<string, int> K(string code, int key) => KeyValuePair.Create(code, key);

    [Fact]
    public void Allocate_FirstBatch_SpacedInCodeOrder()
    {
        var result = SparseKeyAllocator.Allocate([], ["0402", "0101", "2003", "0101"]);

        Assert.Equal(new Dictionary<string, int> { ["0101"] = 4096, ["0402"] = 8192, ["2003"] = 12288 }, result.Keys);
        Assert.Equal(0, result.OutOfOrder);
    }

    [Fact]
    public void Allocate_CodeBetweenNeighbours_GetsTheMidpoint()
    {
        var result = SparseKeyAllocator.Allocate([K("A", 4096), K("C", 8192)], ["B"]);

        Assert.Equal(6144, result.Keys["B"]);
    }

    [Fact]
    public void Allocate_SeveralCodesInOneGap_SpreadEvenlyInOrder()
    {
        var result = SparseKeyAllocator.Allocate([K("A", 4096), K("E", 8192)], ["D", "B", "C"]);

        Assert.Equal([5120, 6144, 7168], new[] { "B", "C", "D" }.Select(c => result.Keys[c]));
    }

    [Fact]
    public void Allocate_BeforeFirstAndAfterLast_StayInOrder()
    {
        var result = SparseKeyAllocator.Allocate([K("M", 4096), K("N", 8192)], ["A", "Z", "Y"]);

        Assert.Equal(2048, result.Keys["A"]);
        Assert.Equal(8192 + 4096, result.Keys["Y"]);
        Assert.Equal(8192 + 8192, result.Keys["Z"]);
        Assert.Equal(0, result.OutOfOrder);
    }

    [Fact]
    public void Allocate_FullGap_FallsBackToMaxPlusSpacingAndCountsIt()
    {
        var result = SparseKeyAllocator.Allocate([K("A", 10), K("C", 11), K("E", 100)], ["B", "D"]);

        Assert.Equal(100 + 4096, result.Keys["B"]);
        Assert.Equal(55, result.Keys["D"]);
        Assert.Equal(1, result.OutOfOrder);
    }

    [Fact]
    public void Allocate_ExistingCodes_AreNotReallocated()
    {
        var result = SparseKeyAllocator.Allocate([K("A", 4096)], ["A"]);

        Assert.Empty(result.Keys);
    }

    [Fact]
    public void Allocate_RepeatedMidpoints_PreserveOrderTwelveTimes()
    {
        var existing = new List<KeyValuePair<string, int>> { K("A", 4096), K("B", 8192) };
        var code = "A";
        for (var i = 0; i < 12; i++)
        {
            code += "0"; // sorts between the previous insert and "B"
            var result = SparseKeyAllocator.Allocate(existing, [code]);
            Assert.Equal(0, result.OutOfOrder);
            existing.Add(K(code, result.Keys[code]));
        }
        var byCode = existing.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Value).ToList();
        Assert.Equal(byCode.Order(), byCode);
    }
}
