using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Warehouse.Tests.Shared;

public sealed class BnfPrefixesTests
{
    [Fact]
    public void Normalise_CommaSeparatedOverlapping_SplitsUppercasesAndDropsCovered()
    {
        Assert.Equal(["02", "0407010h0".ToUpperInvariant()], BnfPrefixes.Normalise(["0205, 02 ,0407010h0", "020501"]));
    }

    [Theory]
    [InlineData("02%")]
    [InlineData("0101010A0AAAAAAA")]
    [InlineData("02' OR 1=1")]
    public void Normalise_NotAPrefix_Throws(string prefix)
    {
        Assert.Throws<ArgumentException>(() => BnfPrefixes.Normalise([prefix]));
    }
}
