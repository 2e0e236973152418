using RxAtlas.Core;

namespace RxAtlas.SampleData.Tests;

/// <summary>Small datasets generated once per test run into temporary folders (thousands of rows each).</summary>
public sealed class GeneratedData : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rxatlas-sampledata-tests-" + Guid.NewGuid().ToString("N"));

    public GeneratedData()
    {
        // 2018-11 padded PDPI, 2018-12 clean PDPI.
        Pdpi = Generate("pdpi", new YearMonth(2018, 11), new YearMonth(2018, 12), 3_000);
        // 2020-10 clean PDPI, 2020-11 EPD SNOMED (flavour B), with STP-era names.
        Transition = Generate("transition", new YearMonth(2020, 10), new YearMonth(2020, 11), 3_000);
        // 2025-02 flavour B with ICB names, 2025-03 flavour C.
        Epd = Generate("epd", new YearMonth(2025, 2), new YearMonth(2025, 3), 4_000);
        // The retired dataset (flavour A) in its AREA_TEAM era.
        Retired = Generate("retired", new YearMonth(2016, 1), new YearMonth(2016, 1), 3_000, SampleFormat.EpdRetired);
    }

    public GeneratedDataset Pdpi { get; }
    public GeneratedDataset Transition { get; }
    public GeneratedDataset Epd { get; }
    public GeneratedDataset Retired { get; }

    public string NewDirectory(string name) => Path.Combine(_root, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public GeneratedDataset Generate(string name, YearMonth from, YearMonth to, long rows, SampleFormat format = SampleFormat.Auto,
        int seed = 42, SampleCompression compression = SampleCompression.None, BnfCodeFileLayout bnf = BnfCodeFileLayout.Historic) =>
        SampleGenerator.Generate(new GeneratorOptions(NewDirectory(name), from, to)
        {
            RowsPerMonth = rows,
            Format = format,
            Seed = seed,
            Compression = compression,
            BnfLayout = bnf,
        });

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class GeneratedDataCollection : ICollectionFixture<GeneratedData>
{
    public const string Name = "generated data";
}
