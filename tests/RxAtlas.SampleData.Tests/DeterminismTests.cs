using RxAtlas.Core;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed class DeterminismTests(GeneratedData data)
{
    [Fact]
    public void Generate_SameSeedTwice_WritesByteIdenticalFiles()
    {
        var first = data.Generate("same-a", new YearMonth(2020, 10), new YearMonth(2020, 11), 2_000, seed: 9);
        var second = data.Generate("same-b", new YearMonth(2020, 10), new YearMonth(2020, 11), 2_000, seed: 9);
        var names = Directory.GetFiles(first.OutputDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(second.OutputDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(8, names.Count); // PDPI + ADDR (2020-10), EPD (2020-11), BNF, lookup, epraccur, postcodes.io, manifest
        foreach (var name in names)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(first.OutputDirectory, name!)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(second.OutputDirectory, name!))), $"{name} differs between runs");
        }
    }

    [Fact]
    public void Generate_DifferentSeed_WritesDifferentPrescribing()
    {
        var first = data.Generate("seed-a", new YearMonth(2021, 1), new YearMonth(2021, 1), 2_000, seed: 1);
        var second = data.Generate("seed-b", new YearMonth(2021, 1), new YearMonth(2021, 1), 2_000, seed: 2);
        Assert.False(File.ReadAllBytes(first.Months[0].PrescribingFile).AsSpan().SequenceEqual(File.ReadAllBytes(second.Months[0].PrescribingFile)));
        Assert.NotEqual(first.Months[0].Totals, second.Months[0].Totals);
    }

    [Fact]
    public void Generate_MonthAloneOrInARange_HasTheSameContent()
    {
        var alone = data.Generate("alone", new YearMonth(2019, 6), new YearMonth(2019, 6), 2_000);
        var ranged = data.Generate("ranged", new YearMonth(2019, 4), new YearMonth(2019, 6), 2_000);
        Assert.Equal(File.ReadAllBytes(alone.Months[0].PrescribingFile), File.ReadAllBytes(ranged.Months[2].PrescribingFile));
        Assert.Equal(alone.Months[0].Totals, ranged.Months[2].Totals);
    }
}
