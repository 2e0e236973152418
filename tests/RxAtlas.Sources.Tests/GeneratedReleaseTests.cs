using RxAtlas.Core;
using RxAtlas.SampleData;

namespace RxAtlas.Sources.Tests;

/// <summary>The generator and the readers were written independently; each layout they share must reconcile exactly.</summary>
public sealed class GeneratedReleaseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rxatlas-gen-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(SampleFormat.PdpiPadded, SampleCompression.None)]
    [InlineData(SampleFormat.PdpiClean, SampleCompression.Gzip)]
    [InlineData(SampleFormat.EpdRetired, SampleCompression.Zip)]
    [InlineData(SampleFormat.EpdSnomed, SampleCompression.None)]
    [InlineData(SampleFormat.EpdSnomed2025, SampleCompression.None)]
    public void EveryLayout_ReadsBackToTheGeneratorsExactTotals(SampleFormat format, SampleCompression compression)
    {
        var dataset = SampleGenerator.Generate(new GeneratorOptions(_dir, new YearMonth(2019, 11), new YearMonth(2019, 12))
        {
            RowsPerMonth = 3_000,
            Format = format,
            Compression = compression,
            Seed = 7,
        });

        var set = ReleaseCatalog.Scan([_dir]);

        Assert.Equal(dataset.Months.Select(m => m.Month), set.Months.Select(m => m.Month));
        foreach (var (release, generated) in set.Months.Zip(dataset.Months))
        {
            var keys = new HashSet<(string, string)>();
            foreach (var row in release.ReadPrescribing()) keys.Add((row.PracticeCode, row.BnfCode));
            Assert.Equal(generated.Totals, release.Totals);
            Assert.Equal(generated.DistinctKeys, keys.Count);
            Assert.Equal(generated.Practices, release.Practices.Count);
        }
    }

    [Fact]
    public void ReferenceFiles_ReadIntoDimensions()
    {
        var dataset = SampleGenerator.Generate(new GeneratorOptions(_dir, new YearMonth(2019, 1), new YearMonth(2019, 1)) { RowsPerMonth = 2_000 });

        var reference = ReleaseCatalog.Scan([_dir]).ReadReference();

        Assert.NotEmpty(reference.Bnf);
        Assert.Contains(reference.Bnf, b => b.ChapterCode == "04" && b.Chapter is not null);
        Assert.True(reference.Practices.Count >= dataset.PracticeCount, "epraccur lists every practice");
        Assert.All(reference.Postcodes.Where(p => p.Latitude is not null), p => Assert.InRange(p.Latitude!.Value, 49.8, 55.9));
        var located = reference.Postcodes.Where(p => p.Latitude is not null).Select(p => p.Postcode).ToHashSet();
        var practicePostcodes = reference.Practices.Select(p => p.Postcode).OfType<string>().ToHashSet();
        Assert.Contains(practicePostcodes, p => !located.Contains(p)); // some practices stay ungeocoded, as in real data
    }

    [Fact]
    public void ReferenceFiles_GeneratedPracticeMapGivesEpraccursPracticesTheirIcbAndSubIcbNames()
    {
        SampleGenerator.Generate(new GeneratorOptions(_dir, new YearMonth(2019, 1), new YearMonth(2019, 1)) { RowsPerMonth = 2_000 });

        var reference = ReleaseCatalog.Scan([_dir]).ReadReference();

        var regular = reference.Practices.Where(p => p.Postcode is not null).ToList();
        Assert.NotEmpty(regular);
        Assert.True(regular.Count(p => p.IcbName is not null && p.SubIcbName is not null) > regular.Count / 2, "most practices are in the month's map");
        Assert.All(regular.Where(p => p.IcbName is not null), p => Assert.NotNull(p.IcbCode));
        Assert.All(regular.Where(p => p.SubIcbName is not null), p => Assert.NotNull(p.SubIcbCode));
    }
}
