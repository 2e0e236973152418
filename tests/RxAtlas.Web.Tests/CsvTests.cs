using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

public sealed class CsvTests
{
    [Fact]
    public async Task Map_FormatCsv_HasHeaderAndOneRowPerMappedPractice()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/map?bnf=0401&from=2024-03&to=2024-03&format=csv", UriKind.Relative));
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("rxatlas-map-0401-2024-03-nic.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("practice_code,name,latitude,longitude,value,items,nic,actual_cost,quantity,patients,is_unidentified,sized_months", lines[0]);
        Assert.Equal(app.Fake.Data.MappedPractices(new YearMonth(2024, 3), "0401"), lines.Length - 1);
        Assert.StartsWith("P00001,Practice 1 Surgery,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/top?bnf=04&region=Y58&metric=items&format=csv", "rxatlas-top-04-2024-06-Y58-items.csv")]
    [InlineData("/api/timeseries?practice=P00001&from=2024-01&to=2024-06&format=csv", "rxatlas-timeseries-all-2024-01_2024-06-P00001.csv")]
    public async Task Csv_FileName_SaysTheSelectionAndMetric(string url, string name)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task Map_Csv_QuotesCommasAndQuotesAndDefusesFormulas()
    {
        var data = new FakeDataset();
        data.Practices.Add(new FakePractice("A1", "Smith, Jones & \"Partners\"", null, 52.5, -1.25, null));
        data.Practices.Add(new FakePractice("A2", "=HYPERLINK(\"x\")", null, 53, -2, null));
        data.Rows.Add(new FakeRow("A1", "0401010T0AAAAAA", new YearMonth(2024, 1), 2, 3_500, 1_005, 100_500));
        data.Rows.Add(new FakeRow("A2", "0401010T0AAAAAA", new YearMonth(2024, 1), 1, 1_000, 100, 100_000));
        data.Practices.Add(new FakePractice("A3", "-2+3 SURGERY", null, 54, -2, null));
        data.Rows.Add(new FakeRow("A3", "0401010T0AAAAAA", new YearMonth(2024, 1), 1, 1_000, -100, -100_000));
        await using var app = await TestApp.StartAsync(data);

        var lines = (await app.Client.GetStringAsync(new Uri("/api/map?format=csv", UriKind.Relative))).Split("\r\n");

        Assert.Equal("A1,\"Smith, Jones & \"\"Partners\"\"\",52.5,-1.25,10.05,2,10.05,1.01,3.5,,false,0", lines[1]);
        Assert.StartsWith("A2,\"'=HYPERLINK(\"\"x\"\")\",53,-2,1.00,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("A3,'-2+3 SURGERY,54,-2,-1.00,1,-1.00,-1.00,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeSeriesAndTop_FormatCsv_HaveTheirHeaders()
    {
        await using var app = await TestApp.StartAsync();

        var series = (await app.Client.GetStringAsync(new Uri("/api/timeseries?from=2024-01&to=2024-06&format=csv", UriKind.Relative))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("month,items,quantity,nic,actual_cost", series[0]);
        Assert.Equal(7, series.Length);
        Assert.StartsWith("2024-01,", series[1], StringComparison.Ordinal);

        var top = (await app.Client.GetStringAsync(new Uri("/api/top?n=3&format=csv", UriKind.Relative))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,practice_code,name,latitude,longitude,value,items,nic,actual_cost,quantity,patients,is_unidentified,sized_months", top[0]);
        Assert.Equal(4, top.Length);
        Assert.StartsWith("1,", top[1], StringComparison.Ordinal);
    }

    /// <summary>Text that cannot be a formula keeps its first character: EPD's unidentified prescriber code <c>-</c>, a lone
    /// <c>+</c> and plain numbers (a spreadsheet reads <c>-12.5</c> as the number); anything else starting =, +, -, @, tab or
    /// CR is still defused.</summary>
    [Theory]
    [InlineData("-", "-")]
    [InlineData("+", "+")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("+3", "+3")]
    [InlineData("-.5", "-.5")]
    [InlineData("-1.5E-3", "-1.5E-3")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-12.5.1", "'-12.5.1")]
    [InlineData("--1", "'--1")]
    [InlineData("-1e", "'-1e")]
    [InlineData("- ", "'- ")]
    [InlineData("+A1", "'+A1")]
    [InlineData("=1", "'=1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t1", "'\t1")]
    [InlineData("12", "12")]
    public async Task Map_Csv_DefusesOnlyTextThatCanBeAFormula(string name, string cell)
    {
        var data = new FakeDataset();
        data.Practices.Add(new FakePractice("A1", name, null, 52.5, -1.25, null));
        data.Rows.Add(new FakeRow("A1", "0401010T0AAAAAA", new YearMonth(2024, 1), 2, 3_500, 1_005, 100_500));
        await using var app = await TestApp.StartAsync(data);

        var lines = (await app.Client.GetStringAsync(new Uri("/api/map?format=csv", UriKind.Relative))).Split("\r\n");

        Assert.StartsWith($"A1,{cell},52.5,", lines[1], StringComparison.Ordinal);
    }

    /// <summary>The unidentified prescribers' practice code <c>-</c> (EPD) is an identifier: the CSV keeps it as it is.</summary>
    [Fact]
    public async Task Map_Csv_UnidentifiedPrescriberCodeDashUnaltered()
    {
        var data = new FakeDataset();
        data.Practices.Add(new FakePractice("-", "UNIDENTIFIED DOCTORS", null, null, null, null));
        data.Rows.Add(new FakeRow("-", "0401010T0AAAAAA", new YearMonth(2024, 1), 2, 3_500, -1_005, -100_500));
        await using var app = await TestApp.StartAsync(data);

        var lines = (await app.Client.GetStringAsync(new Uri("/api/map?unlocated=true&format=csv", UriKind.Relative))).Split("\r\n");

        Assert.Equal("-,UNIDENTIFIED DOCTORS,,,-10.05,2,-10.05,-1.01,3.5,,true,0", lines[1]);
    }
}
