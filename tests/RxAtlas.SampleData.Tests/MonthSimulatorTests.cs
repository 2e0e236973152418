using RxAtlas.Core;
using RxAtlas.SampleData.Generation;
using RxAtlas.SampleData.Writers;

namespace RxAtlas.SampleData.Tests;

public sealed class MonthSimulatorTests
{
    private static (MonthSimulator Simulator, int Presentations) Create(long rows, double negativeChance = MonthSimulator.NegativeRowChance)
    {
        var practices = PracticeRegistry.Build(5, PracticeRegistry.PracticeCountFor(rows));
        var catalogue = CatalogueBuilder.Build(5, 300);
        return (new MonthSimulator(catalogue, practices, rows, 5, negativeChance), catalogue.Count);
    }

    [Fact]
    public void NegativeAdjustments_ArePaddedWithASignAndCountedInTotals()
    {
        var (simulator, presentations) = Create(3_000, negativeChance: 0.01);
        using var text = new StringWriter();
        var writer = new PdpiWriter(text, new YearMonth(2015, 6), padded: true, presentations);
        simulator.Run(new YearMonth(2015, 6), LayoutPrecision.For(SampleFormat.PdpiPadded), writer, () => { }, CancellationToken.None);
        Assert.InRange(writer.NegativeRows, 5, 100);
        var negative = text.ToString().Split("\r\n").Where(l => l.Contains(",-", StringComparison.Ordinal)).Select(l => l.Split(',')).ToList();
        Assert.Equal(writer.NegativeRows, negative.Count);
        Assert.All(negative, f =>
        {
            Assert.Equal("0000000", f[5]);
            Assert.Matches(@"^-\d{7}\.\d{2}$", f[6]);
            Assert.Matches(@"^-\d{7}\.\d{2}$", f[7]);
            Assert.Matches(@"^-\d{6}$", f[8]);
        });
    }

    [Fact]
    public void Rows_LandNearTheTargetForEveryLayout()
    {
        foreach (var format in new[] { SampleFormat.PdpiPadded, SampleFormat.EpdSnomed })
        {
            var (simulator, presentations) = Create(10_000);
            using var text = new StringWriter();
            MonthWriter writer = format == SampleFormat.PdpiPadded
                ? new PdpiWriter(text, new YearMonth(2016, 3), true, presentations)
                : new EpdWriter(text, new YearMonth(2022, 3), format, presentations);
            simulator.Run(new YearMonth(2016, 3), LayoutPrecision.For(format), writer, () => { }, CancellationToken.None);
            Assert.InRange(writer.Rows, 8_500, 11_500);
        }
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(150.0)]
    [InlineData(299.0)]
    public void SolveInclusionScale_ExpectedCountMatchesTarget(double target)
    {
        var catalogue = CatalogueBuilder.Build(5, 300);
        var simulator = new MonthSimulator(catalogue, PracticeRegistry.Build(5, 20), 1_000, 5);
        var c = simulator.SolveInclusionScale(target);
        var expected = catalogue.Sum(p => Math.Min(1, c * p.Popularity));
        Assert.Equal(target, expected, 6);
    }

    [Fact]
    public void Catalogue_HasValidUniqueCodesUnderRealSections()
    {
        var catalogue = CatalogueBuilder.Build(11, 2_000);
        Assert.InRange(catalogue.Count, 1_500, 3_000);
        Assert.Equal(catalogue.Count, catalogue.Select(p => p.Code).Distinct().Count());
        Assert.All(catalogue, p => Assert.True(BnfCode.IsValidPresentation(p.Code), p.Code));
        Assert.All(catalogue, p => Assert.StartsWith(p.Chemical.Section.Code, p.Code, StringComparison.Ordinal));
        Assert.All(catalogue.Where(p => p.IsAppliance), p => Assert.True(string.CompareOrdinal(p.Code, "20") >= 0));
        Assert.All(catalogue.Where(p => !p.IsAppliance), p => Assert.StartsWith(p.Chemical.Code, p.Code, StringComparison.Ordinal));
        Assert.Contains(catalogue, p => p.Chemical.Name == "Atorvastatin");
        Assert.Contains(catalogue, p => !p.InCodeFile);
    }
}
