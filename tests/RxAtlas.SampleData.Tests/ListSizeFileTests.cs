using RxAtlas.Core;
using RxAtlas.Sources;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed class ListSizeFileTests(GeneratedData data)
{
    [Fact]
    public void ListSizeFile_EachMonth_ReadsBackAsTheTruthWithTheExtractMonth()
    {
        foreach (var month in data.Epd.Months)
        {
            Assert.Equal(Path.Combine(data.Epd.OutputDirectory, "listsize", month.Month.ToString(), "gp-reg-pat-prac-all.csv"), month.ListSizeFile);

            var read = ListSizeReader.Read(month.ListSizeFile!);

            Assert.Equal(month.ListSizes, read);
            Assert.All(read, s => Assert.Equal(month.Month, s.Month));
        }
    }

    [Fact]
    public void ListSizeFile_2026Header_AndCrlfRowsOfAllSexesAndAges()
    {
        var lines = File.ReadAllText(data.Epd.Months[0].ListSizeFile!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^GP_PRAC_PAT_LIST,01-Feb-25,GP,[^,]+,E38\d{6},[A-Z]\d{5},[A-Z0-9 ]+,ALL,ALL,\d+$", l));
    }

    [Fact]
    public void ListSizes_SomePrescribingPracticesMissing_NoUnidentifiedOnes()
    {
        var month = data.Epd.Months[0];
        var prescribing = new PrescribingReader(SourceFile.Open(month.PrescribingFile)).Read()
            .Select(r => r.PracticeCode).Where(c => !PracticeCode.IsUnidentified(c)).ToHashSet(StringComparer.Ordinal);
        var sized = month.ListSizes.Select(s => s.PracticeCode).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(prescribing.Except(sized));
        Assert.True(prescribing.Intersect(sized).Count() > prescribing.Count / 2);
        Assert.DoesNotContain(sized, c => PracticeCode.IsUnidentified(c));
        Assert.All(month.ListSizes, s => Assert.InRange(s.Patients, 500, 40_000));
    }

    [Fact]
    public void ListSizes_NextMonth_DriftButSamePractices()
    {
        var (feb, mar) = (data.Epd.Months[0].ListSizes, data.Epd.Months[1].ListSizes);

        Assert.Equal(feb.Select(s => s.PracticeCode), mar.Select(s => s.PracticeCode));
        Assert.Contains(feb.Zip(mar), pair => pair.First.Patients != pair.Second.Patients);
    }

    [Fact]
    public void Manifest_ListSizeTruth_MatchesTheFiles()
    {
        var manifest = SampleManifest.Read(data.Epd.ManifestFile);

        foreach (var (written, entry) in data.Epd.Months.Zip(manifest.Months))
        {
            Assert.Equal($"listsize/{written.Month}/gp-reg-pat-prac-all.csv", entry.ListSizeFile);
            Assert.Equal(written.ListSizes.Count, entry.ListSizePractices);
            Assert.Equal(ListSizeReader.Read(Path.Combine(data.Epd.OutputDirectory, entry.ListSizeFile!)).Sum(s => (long)s.Patients), entry.ListSizePatients);
        }
    }

    [Fact]
    public void Catalog_GeneratedFolder_FindsOneListSizeFilePerMonth()
    {
        var set = ReleaseCatalog.Scan([data.Transition.OutputDirectory]);

        Assert.Equal(data.Transition.Months.Select(m => m.Month), set.ReadListSizes().Select(m => m.Month));
        Assert.Equal(data.Transition.Months.Count, set.Months.Count);
    }
}
