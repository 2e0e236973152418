using System.Text.RegularExpressions;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed partial class EpdLayoutTests(GeneratedData data)
{
    [GeneratedRegex(@"^-?\d+\.\d{2}$")] private static partial Regex Money2();
    [GeneratedRegex(@"^-?\d+\.\d{5}$")] private static partial Regex Money5();
    [GeneratedRegex(@"^-?\d+\.\d$")] private static partial Regex OneDecimal();

    private static (List<string> Header, List<List<string>> Rows, string Endings) Read(string path)
    {
        var lines = TestCsv.Lines(TestCsv.ReadText(path), out var endings);
        return (TestCsv.Split(lines[0]), lines.Skip(1).Select(TestCsv.Split).ToList(), endings);
    }

    [Fact]
    public void RetiredEpd_IsFlavourAWithAreaTeamColumnsIn2016()
    {
        var month = data.Retired.Months[0];
        Assert.Equal("EPD_201601.csv", Path.GetFileName(month.PrescribingFile));
        var (header, rows, endings) = Read(month.PrescribingFile);
        Assert.Equal("CRLF", endings);
        Assert.Equal(26, header.Count);
        Assert.Equal(["YEAR_MONTH", "REGIONAL_OFFICE_NAME", "REGIONAL_OFFICE_CODE", "AREA_TEAM_NAME", "AREA_TEAM_CODE"], header[..5]);
        Assert.Equal("BNF_CHEMICAL_SUBSTANCE", header[14]);
        Assert.Equal("CHEMICAL_SUBSTANCE_BNF_DESCR", header[15]);
        Assert.Equal("UNIDENTIFIED", header[25]);
        Assert.All(rows, r => Assert.Equal(26, r.Count));
        Assert.All(rows, r => Assert.Equal("201601", r[0]));
        Assert.Contains(rows, r => r[2] == "Y54" && r[1] == "NORTH OF ENGLAND");
    }

    [Fact]
    public void SnomedEpd_IsFlavourBWithStpColumnsIn2020AndIcbColumnsIn2025()
    {
        var stpEra = Read(data.Transition.Months[1].PrescribingFile);
        Assert.Equal("EPD_SNOMED_202011.csv", Path.GetFileName(data.Transition.Months[1].PrescribingFile));
        Assert.Equal(27, stpEra.Header.Count);
        Assert.Equal("STP_NAME", stpEra.Header[3]);
        Assert.Equal("SNOMED_CODE", stpEra.Header[26]);
        var icbEra = Read(data.Epd.Months[0].PrescribingFile);
        Assert.Equal(SampleFormat.EpdSnomed, data.Epd.Months[0].Format);
        Assert.Equal("ICB_CODE", icbEra.Header[4]);
        Assert.Equal("BNF_CODE", icbEra.Header[16]);
        Assert.Equal("ADQUSAGE", icbEra.Header[22]);
        Assert.All(icbEra.Rows, r => Assert.Equal(27, r.Count));
        Assert.All(icbEra.Rows, r => Assert.Equal("202502", r[0]));
    }

    [Fact]
    public void Snomed2025_IsFlavourCWithRenamedColumnsAndDashedMonth()
    {
        var month = data.Epd.Months[1];
        Assert.Equal(SampleFormat.EpdSnomed2025, month.Format);
        Assert.Equal("EPD_SNOMED_202503.csv", Path.GetFileName(month.PrescribingFile));
        var (header, rows, _) = Read(month.PrescribingFile);
        Assert.Equal(27, header.Count);
        Assert.Equal("BNF_CHEMICAL_SUBSTANCE_CODE", header[14]);
        Assert.Equal("BNF_CHEMICAL_SUBSTANCE", header[15]);
        Assert.Equal("BNF_PRESENTATION_CODE", header[16]);
        Assert.Equal("BNF_PRESENTATION_NAME", header[17]);
        Assert.Equal("ADQ_USAGE", header[22]);
        Assert.All(rows, r => Assert.Equal(27, r.Count));
        Assert.All(rows, r => Assert.Equal("2025-03", r[0]));
        Assert.Contains(rows, r => r[16].Length == 11 && r[14] == r[16][..4]); // appliance: chemical column holds the section
        Assert.Contains(rows, r => r[16].Length == 15 && r[14] == r[16][..9] && !char.IsDigit(r[15][0]));
    }

    [Fact]
    public void Epd_MeasuresUseTheRealPrecisionAndTotalQuantityIsQuantityTimesItems()
    {
        var (header, rows, _) = Read(data.Epd.Months[0].PrescribingFile);
        int quantity = header.IndexOf("QUANTITY"), items = header.IndexOf("ITEMS"), total = header.IndexOf("TOTAL_QUANTITY");
        int nic = header.IndexOf("NIC"), actual = header.IndexOf("ACTUAL_COST"), flag = header.IndexOf("UNIDENTIFIED");
        foreach (var r in rows)
        {
            Assert.Matches(OneDecimal(), r[quantity]);
            Assert.Matches(OneDecimal(), r[total]);
            Assert.Matches(Money2(), r[nic]);
            Assert.Matches(Money5(), r[actual]);
            Assert.Contains(r[flag], new[] { "N", "Y" });
            if (TestCsv.Dec(r[items]) > 0) Assert.Equal(TestCsv.Dec(r[quantity]) * TestCsv.Dec(r[items]), TestCsv.Dec(r[total]));
        }
    }

    [Fact]
    public void Epd_SplitsSomeKeysIntoPackSizeRows()
    {
        foreach (var month in data.Epd.Months)
        {
            Assert.True(month.DistinctKeys < month.Totals.Rows, "pack-size rows make keys fewer than rows");
            var (header, rows, _) = Read(month.PrescribingFile);
            int practice = header.IndexOf("PRACTICE_CODE"), code = header.FindIndex(h => h is "BNF_CODE" or "BNF_PRESENTATION_CODE");
            var quantity = header.IndexOf("QUANTITY");
            var split = rows.GroupBy(r => (r[practice], r[code])).Where(g => g.Count() > 1).ToList();
            Assert.NotEmpty(split);
            Assert.All(split, g => Assert.Equal(g.Count(), g.Select(r => r[quantity]).Distinct().Count()));
        }
    }

    [Fact]
    public void Epd_HasNationalAndPerPcoUnidentifiedRowsFlaggedY()
    {
        var month = data.Epd.Months[0];
        var (header, rows, _) = Read(month.PrescribingFile);
        int practice = header.IndexOf("PRACTICE_CODE"), name = header.IndexOf("PRACTICE_NAME"), flag = header.IndexOf("UNIDENTIFIED");
        var national = rows.Where(r => r[practice] == "-").ToList();
        Assert.NotEmpty(national);
        Assert.All(national, r => Assert.Equal("UNIDENTIFIED DOCTORS", r[name]));
        Assert.All(national, r => Assert.Equal("-", r[header.IndexOf("PCO_CODE")]));
        Assert.Contains(rows, r => r[practice].EndsWith("998", StringComparison.Ordinal));
        var unidentified = rows.Where(r => r[practice] == "-" || r[practice].EndsWith("998", StringComparison.Ordinal)).ToList();
        Assert.All(unidentified, r => Assert.Equal("Y", r[flag]));
        Assert.Equal(month.UnidentifiedRows, unidentified.Count);
        Assert.All(rows.Except(unidentified), r => Assert.Equal("N", r[flag]));
    }

    [Fact]
    public void Epd_QuotesNamesThatContainCommas()
    {
        var raw = TestCsv.ReadText(data.Epd.Months[0].PrescribingFile);
        Assert.Contains("\"07: Obstetrics, Gynaecology and Urinary-Tract Disorders\"", raw, StringComparison.Ordinal);
        var (header, rows, _) = Read(data.Epd.Months[0].PrescribingFile);
        Assert.Contains(rows, r => r.Any(v => v.Contains(',', StringComparison.Ordinal)));
        Assert.Equal(header.Count, rows.Select(r => r.Count).Distinct().Single());
    }
}
