using System.Text.Json;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed class ManifestTests(GeneratedData data)
{
    public static TheoryData<string> Datasets => ["Pdpi", "Transition", "Epd", "Retired"];

    private GeneratedDataset Pick(string name) => name switch
    {
        "Pdpi" => data.Pdpi,
        "Transition" => data.Transition,
        "Epd" => data.Epd,
        _ => data.Retired,
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public void ManifestTotals_EqualAnIndependentResumOfEachWrittenFile(string name)
    {
        var dataset = Pick(name);
        using var manifest = JsonDocument.Parse(File.ReadAllText(dataset.ManifestFile));
        var months = manifest.RootElement.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(dataset.Months.Count, months.Count);
        foreach (var (month, entry) in dataset.Months.Zip(months))
        {
            var resum = Resum(month.PrescribingFile, month.Format);
            Assert.Equal(Path.GetFileName(month.PrescribingFile), entry.GetProperty("prescribing_file").GetString());
            Assert.Equal(resum.Rows, entry.GetProperty("rows").GetInt64());
            Assert.Equal(resum.Keys, entry.GetProperty("distinct_keys").GetInt64());
            Assert.Equal(resum.Items, entry.GetProperty("items").GetInt64());
            Assert.Equal(resum.QuantityMilli, entry.GetProperty("quantity_milli").GetInt64());
            Assert.Equal(resum.NicPence, entry.GetProperty("nic_pence").GetInt64());
            Assert.Equal(resum.ActualCostE5, entry.GetProperty("actual_cost_e5").GetInt64());
            Assert.Equal(new Core.SourceTotals(resum.Rows, resum.Items, resum.QuantityMilli, resum.NicPence, resum.ActualCostE5), month.Totals);
            Assert.Equal(resum.Keys, month.DistinctKeys);
        }
    }

    [Fact]
    public void Manifest_NamesReferenceFilesAndScale()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(data.Pdpi.ManifestFile));
        var root = manifest.RootElement;
        Assert.Equal(42, root.GetProperty("seed").GetInt32());
        Assert.Equal(2, root.GetProperty("scale").GetProperty("nic_digits").GetInt32());
        Assert.Equal(5, root.GetProperty("scale").GetProperty("actual_cost_digits").GetInt32());
        Assert.Equal(3, root.GetProperty("scale").GetProperty("quantity_digits").GetInt32());
        var reference = root.GetProperty("reference");
        Assert.Equal(Path.GetFileName(data.Pdpi.BnfCodeFile), reference.GetProperty("bnf_codes").GetString());
        Assert.Equal("postcode_lookup.csv", reference.GetProperty("postcode_lookup").GetString());
        Assert.Equal("T201811ADDR BNFT.csv", root.GetProperty("months")[0].GetProperty("address_file").GetString());
    }

    private sealed record Resummed(long Rows, long Keys, long Items, long QuantityMilli, long NicPence, long ActualCostE5);

    private static Resummed Resum(string path, SampleFormat format)
    {
        var lines = TestCsv.Lines(TestCsv.ReadText(path), out _);
        var header = TestCsv.Split(lines[0]).Select(h => h.Trim()).ToList();
        var isPdpi = format is SampleFormat.PdpiPadded or SampleFormat.PdpiClean;
        int practice = isPdpi ? 2 : header.IndexOf("PRACTICE_CODE");
        int code = isPdpi ? 3 : Math.Max(header.IndexOf("BNF_CODE"), header.IndexOf("BNF_PRESENTATION_CODE"));
        int items = isPdpi ? 5 : header.IndexOf("ITEMS");
        int nic = isPdpi ? 6 : header.IndexOf("NIC");
        int actual = isPdpi ? 7 : header.IndexOf("ACTUAL_COST");
        int quantity = isPdpi ? 8 : header.IndexOf("TOTAL_QUANTITY");
        var keys = new HashSet<(string, string)>();
        decimal sumItems = 0, sumQuantity = 0, sumNic = 0, sumActual = 0;
        long rows = 0;
        foreach (var line in lines.Skip(1))
        {
            var f = TestCsv.Split(line);
            rows++;
            keys.Add((f[practice].Trim(), f[code].Trim()));
            sumItems += TestCsv.Dec(f[items]);
            sumQuantity += TestCsv.Dec(f[quantity]);
            sumNic += TestCsv.Dec(f[nic]);
            sumActual += TestCsv.Dec(f[actual]);
        }
        return new Resummed(rows, keys.Count, (long)sumItems, (long)(sumQuantity * 1000), (long)(sumNic * 100), (long)(sumActual * 100_000));
    }
}

[Collection(GeneratedDataCollection.Name)]
public sealed class SampleManifestTests(GeneratedData data)
{
    [Fact]
    public void Read_ReturnsWhatGenerateReported()
    {
        var manifest = SampleManifest.Read(data.Transition.ManifestFile);
        Assert.Equal(42, manifest.Seed);
        Assert.Equal(3_000, manifest.RowsPerMonth);
        Assert.Equal(data.Transition.Months.Select(m => (m.Month, m.Format, Path.GetFileName(m.PrescribingFile), m.AddressFile is null ? null : Path.GetFileName(m.AddressFile), m.Totals, m.DistinctKeys, m.Practices)),
            manifest.Months.Select(m => (m.Month, m.Format, m.PrescribingFile, m.AddressFile, m.Totals, m.DistinctKeys, m.Practices)));
    }

    [Fact]
    public void Read_NotAManifest_ThrowsDataFormatExceptionNamingTheFile()
    {
        var path = Path.Combine(data.NewDirectory("not-manifest"));
        Directory.CreateDirectory(path);
        var file = Path.Combine(path, "manifest.json");
        File.WriteAllText(file, "{\"months\": 3}");
        var error = Assert.Throws<Core.DataFormatException>(() => SampleManifest.Read(file));
        Assert.Equal(file, error.File);
    }

    [Fact]
    public void FileNames_MatchWhatIsWritten()
    {
        Assert.Equal("T201811PDPI BNFT.csv", SampleFileNames.Prescribing(new Core.YearMonth(2018, 11), SampleFormat.Auto));
        Assert.Equal("EPD_SNOMED_202503.csv", SampleFileNames.Prescribing(new Core.YearMonth(2025, 3), SampleFormat.Auto));
        Assert.Equal("EPD_201601.csv", SampleFileNames.Prescribing(new Core.YearMonth(2016, 1), SampleFormat.EpdRetired));
        Assert.Equal("T201811ADDR BNFT.csv", SampleFileNames.Address(new Core.YearMonth(2018, 11)));
        Assert.Equal(Path.GetFileName(data.Pdpi.BnfCodeFile), SampleFileNames.BnfCodes(BnfCodeFileLayout.Historic, new Core.YearMonth(2018, 12)));
        Assert.Equal(SampleFileNames.Manifest, Path.GetFileName(data.Pdpi.ManifestFile));
    }
}
