using System.Globalization;
using System.Text.Json;
using RxAtlas.Core;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed class ReferenceFileTests(GeneratedData data)
{
    [Fact]
    public void HistoricBnfFile_Has14SpacedColumnsDummyPlaceholdersAndRealChapters()
    {
        var path = data.Pdpi.BnfCodeFile;
        Assert.Matches(@"^\d{8}_\d{13}_BNF_Code_Information\.csv$", Path.GetFileName(path));
        var lines = TestCsv.Lines(TestCsv.ReadText(path), out _);
        var header = TestCsv.Split(lines[0]);
        Assert.Equal(14, header.Count);
        Assert.Equal("BNF Chapter", header[0]);
        Assert.Equal("BNF Presentation Code", header[13]);
        var rows = lines.Skip(1).Select(TestCsv.Split).ToList();
        Assert.All(rows, r => Assert.Equal(14, r.Count));
        Assert.Contains(rows, r => r[4].StartsWith("DUMMY PARAGRAPH ", StringComparison.Ordinal) && r[8].StartsWith("DUMMY CHEMICAL SUBSTANCE ", StringComparison.Ordinal));
        Assert.All(rows.Where(r => r[13].Length == 11), r => Assert.StartsWith("DUMMY PRODUCT", r[10], StringComparison.Ordinal));
        Assert.Contains(rows, r => r[1] == "04" && r[3] == "0407" && r[2] == "Analgesics");
        Assert.Contains(rows, r => r[3] == "0212" && r[2] == "Lipid-regulating drugs");
        var chapters = rows.Select(r => r[1]).ToHashSet();
        Assert.Superset(new HashSet<string> { "01", "02", "03", "04", "05", "06", "13", "20", "21", "22", "23" }, chapters);
        Assert.DoesNotContain("16", chapters);
        Assert.All(rows, r => Assert.True(BnfCode.IsValidPresentation(r[13]), r[13]));
        Assert.All(rows, r => Assert.StartsWith(r[9].Length == 9 ? r[9] : r[3], r[13], StringComparison.Ordinal));
    }

    [Fact]
    public void BnfFile_LeavesOutSomeCodesThatArePrescribed()
    {
        var listed = TestCsv.Lines(TestCsv.ReadText(data.Pdpi.BnfCodeFile), out _).Skip(1).Select(l => TestCsv.Split(l)[13]).ToHashSet();
        var prescribed = data.Pdpi.Months.SelectMany(m => TestCsv.Lines(TestCsv.ReadText(m.PrescribingFile), out _).Skip(1))
            .Select(l => l.Split(',')[3].Trim()).ToHashSet();
        Assert.Contains(prescribed, c => !listed.Contains(c));
        Assert.True(prescribed.Count(listed.Contains) > prescribed.Count * 9 / 10, "most codes are listed");
    }

    [Fact]
    public void CurrentBnfFile_Has15ColumnsYearMonthAndRepeatsParentLevelsForAppliances()
    {
        var dataset = data.Generate("bnf-current", new YearMonth(2025, 3), new YearMonth(2025, 3), 2_000, bnf: BnfCodeFileLayout.CurrentYear);
        Assert.Equal("BNF_CODE_CURRENT_202503_VERSION_88.csv", Path.GetFileName(dataset.BnfCodeFile));
        var lines = TestCsv.Lines(TestCsv.ReadText(dataset.BnfCodeFile), out var endings);
        Assert.Equal("LF", endings);
        Assert.Equal("YEAR_MONTH,BNF_CHAPTER,BNF_CHAPTER_CODE,BNF_SECTION,BNF_SECTION_CODE,BNF_PARAGRAPH,BNF_PARAGRAPH_CODE,BNF_SUBPARAGRAPH,"
            + "BNF_SUBPARAGRAPH_CODE,BNF_CHEMICAL_SUBSTANCE,BNF_CHEMICAL_SUBSTANCE_CODE,BNF_PRODUCT,BNF_PRODUCT_CODE,BNF_PRESENTATION,BNF_PRESENTATION_CODE", lines[0]);
        var rows = lines.Skip(1).Select(TestCsv.Split).ToList();
        Assert.All(rows, r => Assert.Equal(15, r.Count));
        Assert.All(rows, r => Assert.Equal("2025-03", r[0]));
        Assert.DoesNotContain(rows, r => r.Any(v => v.StartsWith("DUMMY", StringComparison.Ordinal)));
        var appliance = Assert.Single(rows.Where(r => r[14].Length == 11).Take(1));
        Assert.Equal(appliance[4], appliance[6]);
        Assert.Equal(appliance[4], appliance[10]);
        Assert.Equal(appliance[3], appliance[9]);
    }

    [Fact]
    public void PostcodeLookup_HasTheOriginalProjectsColumnsAndMissesAFewPracticePostcodes()
    {
        var lines = TestCsv.Lines(TestCsv.ReadText(data.Pdpi.PostcodeLookupFile), out _);
        Assert.Equal("postcode,county,region,longitude,latitude", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r =>
        {
            Assert.Equal(5, r.Length);
            var longitude = double.Parse(r[3], CultureInfo.InvariantCulture);
            var latitude = double.Parse(r[4], CultureInfo.InvariantCulture);
            Assert.InRange(latitude, 49.8, 55.9); // England
            Assert.InRange(longitude, -6.0, 2.0);
            Assert.Equal(Postcode.Normalise(r[0]), r[0]);
        });
        var lookup = rows.Select(r => r[0]).ToHashSet();
        var addressPostcodes = TestCsv.Lines(TestCsv.ReadText(data.Pdpi.Months[0].AddressFile!), out _)
            .Select(l => l.Split(',')[7].Trim()).Where(p => p.Length > 0).ToHashSet();
        var big = data.Generate("lookup", new YearMonth(2019, 1), new YearMonth(2019, 1), 20_000);
        var bigLookup = TestCsv.Lines(TestCsv.ReadText(big.PostcodeLookupFile), out _).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();
        var bigAddress = TestCsv.Lines(TestCsv.ReadText(big.Months[0].AddressFile!), out _).Select(l => l.Split(',')[7]).Where(p => p.Length > 0).ToHashSet();
        Assert.Contains(bigAddress, p => !bigLookup.Contains(p));
        Assert.True(bigAddress.Count(bigLookup.Contains) > bigAddress.Count * 9 / 10);
        Assert.True(addressPostcodes.Count(lookup.Contains) > addressPostcodes.Count * 8 / 10);
    }

    [Fact]
    public void PostcodesIo_IsABulkResponseWithNullResultsForUngeocodedPostcodes()
    {
        var big = data.Generate("pcio", new YearMonth(2019, 1), new YearMonth(2019, 1), 20_000);
        using var json = JsonDocument.Parse(File.ReadAllBytes(big.PostcodesIoFile));
        Assert.Equal(200, json.RootElement.GetProperty("status").GetInt32());
        var results = json.RootElement.GetProperty("result").EnumerateArray().ToList();
        Assert.Contains(results, r => r.GetProperty("result").ValueKind == JsonValueKind.Null);
        var found = results.Where(r => r.GetProperty("result").ValueKind == JsonValueKind.Object).ToList();
        Assert.True(found.Count > results.Count * 9 / 10);
        var lookup = TestCsv.Lines(TestCsv.ReadText(big.PostcodeLookupFile), out _).Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0]);
        foreach (var r in found)
        {
            var result = r.GetProperty("result");
            Assert.Equal(r.GetProperty("query").GetString(), result.GetProperty("postcode").GetString());
            var row = lookup[result.GetProperty("postcode").GetString()!];
            Assert.Equal(double.Parse(row[4], CultureInfo.InvariantCulture), result.GetProperty("latitude").GetDouble(), 6);
            Assert.Equal(double.Parse(row[3], CultureInfo.InvariantCulture), result.GetProperty("longitude").GetDouble(), 6);
            Assert.Equal(JsonValueKind.String, result.GetProperty("codes").GetProperty("ccg_id").ValueKind);
        }
    }

    [Fact]
    public void Epraccur_Has27QuotedColumnsNoHeaderAndCrlf()
    {
        var lines = TestCsv.Lines(File.ReadAllText(data.Pdpi.EpraccurFile), out var endings);
        Assert.Equal("CRLF", endings);
        Assert.Equal(data.Pdpi.PracticeCount, lines.Count);
        foreach (var line in lines)
        {
            Assert.StartsWith("\"", line, StringComparison.Ordinal);
            Assert.EndsWith("\"", line, StringComparison.Ordinal);
            var f = TestCsv.Split(line);
            Assert.Equal(27, f.Count);
            Assert.Matches(@"^(Y5[4-9]|Y6[0-3])$", f[2]);
            Assert.Matches(@"^Q[A-Z0-9]{2}$", f[3]);
            Assert.Contains(f[12], new[] { "A", "C" });
            Assert.Equal("4", f[25]);
            Assert.Equal(f[14], f[23]);
        }
        Assert.Contains(lines, l => l.StartsWith("\"Y06381\",\"COMM NURSING SCAR SOUTH\"", StringComparison.Ordinal));
    }
}
