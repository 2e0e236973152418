using System.Net;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary><c>from</c> and <c>to</c> take an NHS financial year, <c>YYYY/YY</c> (April to March), as well as a month; its
/// months not loaded are named by the months-missing header, and one with no month loaded is refused naming the parameter.
/// The sample holds 2024-01 to 2024-06: three months of 2023/24 and three of 2024/25.</summary>
public sealed class FinancialYearPeriodTests
{
    private const string Header = "X-RxAtlas-Months-Missing";

    private static string Months(string from, string to) =>
        MonthCoverageFormat(YearMonth.Range(YearMonth.Parse(from), YearMonth.Parse(to)));

    private static string MonthCoverageFormat(IEnumerable<YearMonth> months) => string.Join(',', months.Select(m => m.ToString()));

    [Theory]
    [InlineData("/api/map?from=2023/24", "2023-04", "2024-03")]
    [InlineData("/api/map?to=2024/25&metric=items", "2024-04", "2025-03")]
    [InlineData("/api/top?from=2023/24&to=2024/25", "2023-04", "2025-03")]
    [InlineData("/api/timeseries?from=2023-06&to=2023/24", "2023-06", "2024-03")]
    [InlineData("/api/timeseries?from=2024/25&to=2024-05", "2024-04", "2024-05")]
    [InlineData("/api/map?from=2024/25&format=csv", "2024-04", "2025-03")]
    public async Task FinancialYear_StandsForAprilToMarch_AndTheHeaderNamesItsMonthsNotLoaded(string url, string from, string to)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((YearMonth.Parse(from), YearMonth.Parse(to)), (app.Fake.LastSelection!.From, app.Fake.LastSelection.To));
        var loaded = FakeDataset.Sample().Months.ToHashSet();
        Assert.Equal(MonthCoverageFormat(YearMonth.Range(YearMonth.Parse(from), YearMonth.Parse(to)).Where(m => !loaded.Contains(m))),
            string.Join(',', response.Headers.GetValues(Header)));
    }

    [Fact]
    public async Task FinancialYear_LoadedWhole_HeaderEmptyAndTheDownloadNamesItsMonths()
    {
        var data = FakeDataset.Sample(12);
        foreach (var row in data.Rows.ToList())
        {
            data.Rows.Add(row with { Month = row.Month.AddMonths(6) });
            if (row.Month.Month <= 3) data.Rows.Add(row with { Month = row.Month.AddMonths(12) });
        }
        await using var app = await TestApp.StartAsync(data);

        using var response = await app.Client.GetAsync(new Uri("/api/map?from=2024/25&format=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", string.Join(',', response.Headers.GetValues(Header)));
        Assert.Equal("rxatlas-map-all-2024-04_2025-03-nic.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(Months("2024-01", "2025-03"), MonthCoverageFormat(data.Months));
    }

    [Fact]
    public async Task Practice_FinancialYear_JsonNamesTheMonthsNotLoaded()
    {
        await using var app = await TestApp.StartAsync();

        var practice = await app.GetJsonAsync("/api/practices/P00001?from=2024/25");

        Assert.Equal(Months("2024-07", "2025-03"), string.Join(',', practice.GetProperty("months_missing").EnumerateArray().Select(m => m.GetString())));
    }

    [Theory]
    [InlineData("/api/map?from=2022/23", "from", "No month of financial year 2022/23 (April 2022 to March 2023) is loaded; loaded months run from 2024-01 to 2024-06 (GET /api/config).")]
    [InlineData("/api/timeseries?from=2024-01&to=2025/26", "to", "No month of financial year 2025/26 (April 2025 to March 2026) is loaded; loaded months run from 2024-01 to 2024-06 (GET /api/config).")]
    [InlineData("/api/top?from=2019/21", "from", "'2019/21' is not a financial year: expected YYYY/YY, the second year the one after the first, e.g. 2019/20 (April 2019 to March 2020); or a month, YYYY-MM.")]
    [InlineData("/api/map?to=2024/2025", "to", "'2024/2025' is not a financial year: expected YYYY/YY, the second year the one after the first, e.g. 2019/20 (April 2019 to March 2020); or a month, YYYY-MM.")]
    [InlineData("/api/map?from=2999/00", "from", "'2999/00' is not a financial year: expected YYYY/YY, the second year the one after the first, e.g. 2019/20 (April 2019 to March 2020); or a month, YYYY-MM.")]
    [InlineData("/api/map?from=2024/25&to=2024-03", "to", "The period ends (2024-03) before it starts (2024-04).")]
    [InlineData("/api/practices/P00001?from=2022/23", "from", "No month of financial year 2022/23 (April 2022 to March 2023) is loaded; loaded months run from 2024-01 to 2024-06 (GET /api/config).")]
    public async Task FinancialYear_MalformedOrNotLoaded_Is400NamingTheParameter(string url, string parameter, string message)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(message, Assert.Single(errors.EnumerateObject(), e => e.Name == parameter).Value[0].GetString());
        Assert.Null(app.Fake.LastSelection);
    }

    [Fact]
    public async Task FinancialYear_NothingLoaded_SaysSo()
    {
        var empty = FakeDataset.Sample(3);
        empty.Rows.Clear();
        await using var app = await TestApp.StartAsync(empty);
        using var response = await app.Client.GetAsync(new Uri("/api/map?from=2024/25", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal("No month of financial year 2024/25 (April 2024 to March 2025) is loaded: nothing is loaded yet.", errors.GetProperty("from")[0].GetString());
    }
}
