using System.Net;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Web.Runs;
using RxAtlas.Warehouse.Runs;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

public sealed class ApiShapeTests
{
    private static readonly YearMonth Latest = new(2024, 6);

    private static string[] Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Map_NoPeriod_ReturnsGeocodedPracticesOfLatestMonthInSnakeCase()
    {
        await using var app = await TestApp.StartAsync();
        var map = await app.GetJsonAsync("/api/map?bnf=0401");

        Assert.Equal(app.Fake.Data.MappedPractices(Latest, "0401"), map.GetArrayLength());
        Assert.Equal(["practice_code", "name", "latitude", "longitude", "value", "items", "nic", "actual_cost", "quantity", "patients", "is_unidentified", "sized_months"], Names(map[0]));
        Assert.Equal(Latest, app.Fake.LastSelection!.From);
        Assert.Equal(Latest, app.Fake.LastSelection.To);
        Assert.Equal(["0401"], app.Fake.LastSelection.BnfPrefixes);
        Assert.DoesNotContain(map.EnumerateArray(), e => e.GetProperty("practice_code").GetString() == "N00001");
    }

    [Fact]
    public async Task Map_MetricItems_ValueIsTheItemCount()
    {
        await using var app = await TestApp.StartAsync();
        var map = await app.GetJsonAsync("/api/map?bnf=0403&metric=items&from=2024-01&to=2024-02");

        foreach (var entry in map.EnumerateArray())
        {
            Assert.Equal(entry.GetProperty("items").GetInt64(), entry.GetProperty("value").GetInt64());
        }
        var p0 = app.Fake.Data.Rows.Where(r => r.Practice == "P00000" && r.Bnf.StartsWith("0403", StringComparison.Ordinal) && r.Month.Year == 2024 && r.Month.Month <= 2).Sum(r => r.Items);
        Assert.Equal(p0, map.EnumerateArray().Single(e => e.GetProperty("practice_code").GetString() == "P00000").GetProperty("items").GetInt64());
    }

    [Theory]
    [InlineData(12_345, 500, 1_500, "\"nic\":123.45", "\"actual_cost\":0.01", "\"quantity\":1.5")]
    [InlineData(150, 1_234_549, 2_000, "\"nic\":1.50", "\"actual_cost\":12.35", "\"quantity\":2")]
    [InlineData(-7, -500, 1, "\"nic\":-0.07", "\"actual_cost\":-0.01", "\"quantity\":0.001")]
    [InlineData(0, 1_234_449, 0, "\"nic\":0.00", "\"actual_cost\":12.34", "\"quantity\":0")]
    public async Task Map_Money_IsPoundsRoundedHalfAwayFromZeroWithTwoDecimals(long nicPence, long actualCostE5, long quantityMilli, string nic, string actual, string quantity)
    {
        var data = new FakeDataset();
        data.Practices.Add(new FakePractice("A1", "Only", "AA1 1AA", 52.1, -1.2, null));
        data.Rows.Add(new FakeRow("A1", "0401010T0AAAAAA", Latest, 1, quantityMilli, nicPence, actualCostE5));
        await using var app = await TestApp.StartAsync(data);

        var body = await app.Client.GetStringAsync(new Uri("/api/map?metric=actual_cost", UriKind.Relative));

        Assert.Contains(nic, body, StringComparison.Ordinal);
        Assert.Contains(actual, body, StringComparison.Ordinal);
        Assert.Contains(quantity, body, StringComparison.Ordinal);
        Assert.Contains("\"value\":" + actual.Split(':')[1], body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeSeries_Range_ReturnsOneRowPerMonthOldestFirst()
    {
        await using var app = await TestApp.StartAsync();
        var series = await app.GetJsonAsync("/api/timeseries?bnf=0212&from=2024-02&to=2024-04&region=Y58");

        Assert.Equal(["2024-02", "2024-03", "2024-04"], series.EnumerateArray().Select(e => e.GetProperty("month").GetString()));
        Assert.Equal(["month", "items", "quantity", "nic", "actual_cost"], Names(series[0]));
        var expected = app.Fake.Data.Rows.Where(r => r.Month == new YearMonth(2024, 3) && r.Bnf.StartsWith("0212", StringComparison.Ordinal)
            && app.Fake.Data.Practices.Single(p => p.Code == r.Practice).RegionCode == "Y58").Sum(r => r.Items);
        Assert.Equal(expected, series[1].GetProperty("items").GetInt64());
        Assert.Equal("Y58", app.Fake.LastSelection!.RegionCode);
    }

    [Fact]
    public async Task TimeSeries_PracticeWithinItsOwnRegion_IsThatPracticesSeries()
    {
        await using var app = await TestApp.StartAsync();
        var series = await app.GetJsonAsync("/api/timeseries?practice=p00001&region=Y58&from=2024-03&to=2024-03");

        var expected = app.Fake.Data.Rows.Where(r => r.Month == new YearMonth(2024, 3) && r.Practice == "P00001").Sum(r => r.NicPence);
        Assert.Equal(expected / 100m, series[0].GetProperty("nic").GetDecimal());
        Assert.Equal(("P00001", "Y58"), (app.Fake.LastSelection!.PracticeCode, app.Fake.LastSelection.RegionCode));
    }

    [Fact]
    public async Task Top_N_ReturnsRankedDescendingValues()
    {
        await using var app = await TestApp.StartAsync();
        var top = await app.GetJsonAsync("/api/top?bnf=04&metric=nic&n=5");

        Assert.Equal(5, top.GetArrayLength());
        Assert.Equal([1, 2, 3, 4, 5], top.EnumerateArray().Select(e => e.GetProperty("rank").GetInt32()));
        var values = top.EnumerateArray().Select(e => e.GetProperty("value").GetDecimal()).ToList();
        Assert.Equal(values.OrderDescending(), values);
    }

    [Fact]
    public async Task Bnf_SearchAndChildren_WalkTheHierarchy()
    {
        await using var app = await TestApp.StartAsync();

        var found = await app.GetJsonAsync("/api/bnf?q=temaz");
        Assert.Contains(found.EnumerateArray(), e => e.GetProperty("code").GetString() == "0401010T0" && e.GetProperty("level").GetString() == "chemical");
        Assert.Equal(["code", "name", "level", "has_children"], Names(found[0]));

        var chapters = await app.GetJsonAsync("/api/bnf/children");
        Assert.Equal(["02", "04"], chapters.EnumerateArray().Select(e => e.GetProperty("code").GetString()));

        var sections = await app.GetJsonAsync("/api/bnf/04/children");
        Assert.Equal(["0401", "0403"], sections.EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.True(sections[0].GetProperty("has_children").GetBoolean());
    }

    [Theory]
    [InlineData("/api/bnf/ZZ/children", 404)]
    [InlineData("/api/bnf/040301/children", 404)] // no such paragraph (the real one is 040303)
    [InlineData("/api/bnf/0401010T0AAAAAA/children", 200)] // a presentation: the last level, no children
    public async Task BnfChildren_AnUnknownCodeIs404_ALeafIsAnEmptyList(string url, int status)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (status == 200) Assert.Equal("[]", body);
        else Assert.Contains("No BNF code starts with", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Practice_Known_HasDetailsWholeSeriesAndTopMedicines()
    {
        await using var app = await TestApp.StartAsync();
        var practice = await app.GetJsonAsync("/api/practices/p00001?metric=items&n=2");

        Assert.Equal("P00001", practice.GetProperty("practice_code").GetString());
        Assert.True(practice.GetProperty("geocoded").GetBoolean());
        Assert.Equal("2024-06", practice.GetProperty("from").GetString());
        Assert.Equal(6, practice.GetProperty("series").GetArrayLength());
        var medicines = practice.GetProperty("top_medicines");
        Assert.Equal(2, medicines.GetArrayLength());
        Assert.Equal("0403030E0AAAAAA", medicines[0].GetProperty("bnf_code").GetString());
    }

    [Fact]
    public async Task Practice_Unknown_Is404ProblemDetails()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/practices/ZZZ999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Practices_Search_FlagsUngeocoded()
    {
        await using var app = await TestApp.StartAsync();
        var found = await app.GetJsonAsync("/api/practices?q=nowhere");

        var only = Assert.Single(found.EnumerateArray());
        Assert.Equal("N00001", only.GetProperty("practice_code").GetString());
        Assert.False(only.GetProperty("geocoded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("latitude").ValueKind);
    }

    [Fact]
    public async Task MonthsRegionsConfig_ListWhatIsLoaded()
    {
        await using var app = await TestApp.StartAsync(options: new RxAtlasWebOptions { MapStyleUrl = "http://127.0.0.1:1/style.json" });

        var months = await app.GetJsonAsync("/api/months");
        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"], months.EnumerateArray().Select(m => m.GetString()));

        var regions = await app.GetJsonAsync("/api/regions");
        Assert.Equal(["London", "North East and Yorkshire", "South West"], regions.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(40, regions[0].GetProperty("practices").GetInt32());

        var config = await app.GetJsonAsync("/api/config");
        Assert.Equal("http://127.0.0.1:1/style.json", config.GetProperty("map_style_url").GetString());
        Assert.Equal("2024-06", config.GetProperty("latest_month").GetString());
    }

    [Fact]
    public async Task Map_NothingLoaded_IsAnEmptyList()
    {
        await using var app = await TestApp.StartAsync(new FakeDataset());
        var map = await app.GetJsonAsync("/api/map");
        Assert.Equal(0, map.GetArrayLength());
    }

    [Fact]
    public async Task Runs_ListsRunsWithTasksAndDagEdges()
    {
        var runs = new InMemoryRunStore();
        var started = new DateTimeOffset(2024, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var id = await runs.StartRunAsync("monthly", new YearMonth(2024, 6), "manual", started);
        await runs.SaveTaskAsync(new TaskInstance(id, "download", 1, started, started.AddSeconds(2), RunState.Success, null, 10, ["fetched 2 files"]));
        await runs.SaveTaskAsync(new TaskInstance(id, "load", 1, started.AddSeconds(2), started.AddSeconds(3), RunState.Failed, "checksum mismatch", null, ["boom"]));
        await runs.SaveTaskAsync(new TaskInstance(id, "publish", 1, started.AddSeconds(3), null, RunState.UpstreamFailed, null, null, []));
        await runs.FinishRunAsync(id, RunState.Failed, started.AddSeconds(3), "load failed");
        var dags = new StaticDagDescription([new DagShape("monthly", ["download", "load", "publish"], [new DagEdge("download", "load"), new DagEdge("load", "publish")])]);
        await using var app = await TestApp.StartAsync(new FakeWarehouse(new FakeQueries(new FakeDataset()), runs), new RxAtlasWebOptions { Dags = dags });

        var body = await app.GetJsonAsync("/api/runs");

        var edge = body.GetProperty("dags")[0].GetProperty("edges")[1];
        Assert.Equal("load", edge.GetProperty("upstream").GetString());
        var run = Assert.Single(body.GetProperty("runs").EnumerateArray());
        Assert.Equal("failed", run.GetProperty("state").GetString());
        Assert.Equal("2024-06", run.GetProperty("month").GetString());
        Assert.Equal(3.0, run.GetProperty("duration_seconds").GetDouble());
        var tasks = run.GetProperty("tasks");
        Assert.Equal(["download", "load", "publish"], tasks.EnumerateArray().Select(t => t.GetProperty("task_id").GetString()));
        Assert.Equal("checksum mismatch", tasks[1].GetProperty("error").GetString());
        Assert.Equal("upstream_failed", tasks[2].GetProperty("state").GetString());
        Assert.Equal("fetched 2 files", tasks[0].GetProperty("log")[0].GetString());
    }
}
