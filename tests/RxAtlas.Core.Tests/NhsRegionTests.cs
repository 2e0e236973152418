using RxAtlas.Core;

namespace RxAtlas.Core.Tests;

public sealed class NhsRegionTests
{
    [Theory]
    [InlineData("Y56", "LONDON")]
    [InlineData("y60", "MIDLANDS")]
    [InlineData(" Y63 ", "NORTH EAST AND YORKSHIRE")]
    [InlineData("Y55", "MIDLANDS AND EAST OF ENGLAND")]
    [InlineData("W00", null)]
    [InlineData("Y99", null)]
    [InlineData(null, null)]
    public void NameOf_NamesNhsEnglandRegionsOnly(string? code, string? name) => Assert.Equal(name, NhsRegion.NameOf(code));
}
