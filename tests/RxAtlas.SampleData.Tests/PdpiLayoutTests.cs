using System.Text.RegularExpressions;

namespace RxAtlas.SampleData.Tests;

[Collection(GeneratedDataCollection.Name)]
public sealed partial class PdpiLayoutTests(GeneratedData data)
{
    [GeneratedRegex(@"^-?\d{7}$")] private static partial Regex SevenDigits();
    [GeneratedRegex(@"^(\d{8}|-\d{7})\.\d{2}$")] private static partial Regex PaddedMoney();
    [GeneratedRegex(@"^-?\d+\.\d{2}$")] private static partial Regex Money2();
    [GeneratedRegex(@"^-?\d+\.\d$")] private static partial Regex OneDecimal();

    [Fact]
    public void PaddedPdpi_HasTheRealVersionALayout()
    {
        var month = data.Pdpi.Months[0];
        Assert.Equal(SampleFormat.PdpiPadded, month.Format);
        Assert.Equal("T201811PDPI BNFT.csv", Path.GetFileName(month.PrescribingFile));
        var lines = TestCsv.Lines(TestCsv.ReadText(month.PrescribingFile), out var endings);
        Assert.Equal("CRLF", endings);
        Assert.Equal(" SHA,PCT,PRACTICE,BNF CODE,BNF NAME                                    ,ITEMS  ,NIC        ,ACT COST   ,QUANTITY,PERIOD,", lines[0]);
        Assert.Equal(month.Totals.Rows, lines.Count - 1);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(11, f.Length);
            Assert.Equal("", f[10]);
            Assert.Equal(6, f[2].Length);
            Assert.Equal(15, f[3].Length);
            Assert.Equal(40, f[4].Length);
            Assert.Matches(SevenDigits(), f[5]);
            Assert.Matches(PaddedMoney(), f[6]);
            Assert.Matches(PaddedMoney(), f[7]);
            Assert.Matches(SevenDigits(), f[8]);
            Assert.Equal("201811", f[9]);
        }
        Assert.Contains(lines, l => l.Split(',')[3].EndsWith("    ", StringComparison.Ordinal)); // an 11-character appliance code, padded
    }

    [Fact]
    public void CleanPdpi_HasTenUnpaddedColumnsLfAndDecimalQuantities()
    {
        var month = data.Pdpi.Months[1];
        Assert.Equal(SampleFormat.PdpiClean, month.Format);
        var lines = TestCsv.Lines(TestCsv.ReadText(month.PrescribingFile), out var endings);
        Assert.Equal("LF", endings);
        Assert.Equal("SHA,PCT,PRACTICE,BNF CODE,BNF NAME,ITEMS,NIC,ACT COST,QUANTITY,PERIOD", lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            Assert.Equal(10, f.Length);
            Assert.All(f, v => Assert.Equal(v.Trim(), v));
            Assert.Matches(Money2(), f[6]);
            Assert.Matches(Money2(), f[7]);
            Assert.Matches(OneDecimal(), f[8]);
            Assert.Equal("201812", f[9]);
        }
        Assert.Contains(lines.Skip(1), l => l.Split(',')[8].EndsWith(".5", StringComparison.Ordinal));
    }

    [Fact]
    public void PaddedAddress_HasNinePaddedFieldsNoHeaderAndOneBlankPostcode()
    {
        var month = data.Pdpi.Months[0];
        Assert.Equal("T201811ADDR BNFT.csv", Path.GetFileName(month.AddressFile));
        var lines = TestCsv.Lines(TestCsv.ReadText(month.AddressFile!), out var endings);
        Assert.Equal("CRLF", endings);
        Assert.Equal(month.AddressRows, lines.Count);
        foreach (var f in lines.Select(l => l.Split(',')))
        {
            Assert.Equal(9, f.Length);
            Assert.Equal("201811", f[0]);
            Assert.Equal(40, f[2].Length);
            Assert.All(f[3..7], v => Assert.Equal(25, v.Length));
            Assert.Equal(8, f[7].Length);
            Assert.Equal("", f[8]);
        }
        var blank = Assert.Single(lines, l => l.Split(',')[7].Trim().Length == 0);
        Assert.StartsWith("201811,Y06381,COMM NURSING SCAR SOUTH", blank);
    }

    [Fact]
    public void CleanAddress_HasEightFieldsAndListsEveryPrescribingPractice()
    {
        var month = data.Pdpi.Months[1];
        var lines = TestCsv.Lines(TestCsv.ReadText(month.AddressFile!), out var endings);
        Assert.Equal("LF", endings);
        Assert.All(lines, l => Assert.Equal(8, l.Split(',').Length));
        var prescribing = TestCsv.Lines(TestCsv.ReadText(month.PrescribingFile), out _).Skip(1).Select(l => l.Split(',')[2]).ToHashSet();
        Assert.Equal(prescribing.Order(StringComparer.Ordinal), lines.Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal));
        Assert.Equal(month.Practices, prescribing.Count);
    }

    [Fact]
    public void Pdpi_HasOneRowPerPracticeAndPresentationSortedByPractice()
    {
        var month = data.Pdpi.Months[1];
        Assert.Equal(month.Totals.Rows, month.DistinctKeys);
        Assert.Equal(0, month.UnidentifiedRows);
        var rows = TestCsv.Lines(TestCsv.ReadText(month.PrescribingFile), out _).Skip(1).Select(l => l.Split(',')).ToList();
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i][2] == rows[i - 1][2]) Assert.True(string.CompareOrdinal(rows[i - 1][3], rows[i][3]) < 0, "BNF codes ascend within a practice");
        }
    }
}
