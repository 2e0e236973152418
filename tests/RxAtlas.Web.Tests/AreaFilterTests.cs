using System.Net;
using System.Text.Json;
using RxAtlas.Core;

namespace RxAtlas.Web.Tests;

/// <summary>The ICB and sub-ICB location filters (<c>icb</c>, <c>sub_icb</c>) and their listing (<c>/api/icbs</c>), over the
/// fake's sample areas (<see cref="Fakes.FakeDataset.SampleAreas"/>).</summary>
public sealed class AreaFilterTests
{
    private static readonly YearMonth June = new(2024, 6);

    [Fact]
    public async Task Icbs_ListsEachIcbByNameWithItsRegionPracticesAndSubIcbLocations()
    {
        await using var app = await TestApp.StartAsync();
        var icbs = await app.GetJsonAsync("/api/icbs");

        Assert.Equal(["QUY", "QMJ", "QHM", "QKK", "QWO"], icbs.EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        var bristol = icbs[0];
        Assert.Equal(["code", "name", "region_code", "region_name", "practices", "sub_icbs"], bristol.EnumerateObject().Select(p => p.Name));
        Assert.Equal("NHS Bristol, North Somerset and South Gloucestershire ICB", bristol.GetProperty("name").GetString());
        Assert.Equal(("Y58", "South West"), (bristol.GetProperty("region_code").GetString(), bristol.GetProperty("region_name").GetString()));
        // 40 sample practices in the South West plus N00001 (no location, still a practice of the ICB).
        Assert.Equal(41, bristol.GetProperty("practices").GetInt32());
        Assert.Equal("""[{"code":"15C","name":"Bristol, North Somerset and South Gloucestershire","practices":21},{"code":"W2U3Z","name":"Weston Locality","practices":20}]""",
            bristol.GetProperty("sub_icbs").GetRawText());
        // The unidentified prescriber (London, no ICB) is in no ICB's count.
        Assert.Equal(40, icbs.EnumerateArray().Where(i => i.GetProperty("region_code").GetString() == "Y56").Sum(i => i.GetProperty("practices").GetInt32()));
    }

    [Fact]
    public async Task Icbs_IsCachedLikeTheRegions()
    {
        await using var app = await TestApp.StartAsync();
        await app.GetJsonAsync("/api/icbs");
        var calls = app.Fake.Calls;
        await app.GetJsonAsync("/api/icbs");

        Assert.Equal(calls, app.Fake.Calls);
    }

    [Theory]
    [InlineData("/api/map?icb=QHM", "QHM", null)]
    [InlineData("/api/map?icb=qhm&region=Y63", "QHM", null)]
    [InlineData("/api/map?sub_icb=W2U3Z", null, "W2U3Z")]
    [InlineData("/api/map?sub_icb=00l00", null, "00L")] // EPD's PCO code form of 00L
    [InlineData("/api/map?region=Y58&icb=QUY&sub_icb=15C", "QUY", "15C")]
    public async Task Map_AreaFilter_HasExactlyThePracticesInTheArea(string url, string? icb, string? subIcb)
    {
        await using var app = await TestApp.StartAsync();
        var map = await app.GetJsonAsync(url);

        var expected = app.Fake.Data.PrescribingPractices(June)
            .Where(p => p.Latitude is not null && (icb is null || p.IcbCode == icb) && (subIcb is null || p.SubIcbCode == subIcb))
            .Select(p => p.Code).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, map.EnumerateArray().Select(e => e.GetProperty("practice_code").GetString()));
        Assert.Equal((icb, subIcb), (app.Fake.LastSelection!.IcbCode, app.Fake.LastSelection.SubIcbCode));
    }

    [Fact]
    public async Task TimeSeriesAndTop_IcbFilter_SumAndRankOnlyItsPractices()
    {
        await using var app = await TestApp.StartAsync();
        var data = app.Fake.Data;
        bool InQwo(string practice) => data.Practices.Single(p => p.Code == practice).IcbCode == "QWO";

        var series = await app.GetJsonAsync("/api/timeseries?bnf=0212&icb=QWO&from=2024-01&to=2024-06");
        Assert.Equal(data.Rows.Where(r => r.Bnf.StartsWith("0212", StringComparison.Ordinal) && InQwo(r.Practice)).Sum(r => r.Items),
            series.EnumerateArray().Sum(m => m.GetProperty("items").GetInt64()));

        var top = await app.GetJsonAsync("/api/top?icb=QWO&metric=items&n=1000");
        Assert.Equal(data.Practices.Count(p => p.IcbCode == "QWO"), top.GetArrayLength());
        Assert.All(top.EnumerateArray(), e => Assert.True(InQwo(e.GetProperty("practice_code").GetString()!)));
    }

    [Fact]
    public async Task Practice_WithinItsOwnIcbAndSubIcb_IsThatPracticesSeries_AndItsDetailsNameThem()
    {
        await using var app = await TestApp.StartAsync();
        var series = await app.GetJsonAsync("/api/timeseries?practice=P00004&icb=QUY&sub_icb=W2U3Z&from=2024-03&to=2024-03");
        Assert.Equal(app.Fake.Data.Rows.Where(r => r.Month == new YearMonth(2024, 3) && r.Practice == "P00004").Sum(r => r.Items),
            series[0].GetProperty("items").GetInt64());

        var practice = await app.GetJsonAsync("/api/practices/P00004");
        Assert.Equal(("QUY", "W2U3Z", "Weston Locality"), (practice.GetProperty("icb_code").GetString(),
            practice.GetProperty("sub_icb_code").GetString(), practice.GetProperty("sub_icb_name").GetString()));
    }

    [Theory]
    [InlineData("/api/map?icb=QZZ", "icb", "Unknown ICB 'QZZ': GET /api/icbs lists them.")]
    [InlineData("/api/top?sub_icb=99X", "sub_icb", "Unknown sub-ICB location '99X': GET /api/icbs lists them (under their ICB).")]
    [InlineData("/api/map?icb=Q%27%20OR%201%3D1", "icb", "'Q' OR 1=1' is not an ICB code: expected 1 to 12 letters and digits.")]
    [InlineData("/api/timeseries?sub_icb=00L-", "sub_icb", "'00L-' is not a sub-ICB location code: expected 1 to 12 letters and digits.")]
    [InlineData("/api/map?region=Y56&icb=QHM", "icb", "ICB 'QHM' is in region 'Y63', not 'Y56': give one or the other.")]
    [InlineData("/api/map?icb=QMJ&sub_icb=72Q", "sub_icb", "Sub-ICB location '72Q' is in ICB 'QKK', not 'QMJ': give one or the other.")]
    [InlineData("/api/top?region=Y58&sub_icb=00l00", "sub_icb", "Sub-ICB location '00L' is in region 'Y63', not 'Y58': give one or the other.")]
    [InlineData("/api/timeseries?practice=P00001&icb=QHM", "practice", "Practice 'P00001' is in ICB 'QUY', not 'QHM': give one or the other.")]
    [InlineData("/api/timeseries?practice=P00001&sub_icb=W2U3Z", "practice", "Practice 'P00001' is in sub-ICB location '15C', not 'W2U3Z': give one or the other.")]
    [InlineData("/api/timeseries?practice=Q99998&icb=QMJ", "practice", "Practice 'Q99998' has no ICB, so it is not in 'QMJ': give one or the other.")]
    [InlineData("/api/map?region=ZZ9&icb=QZZ", "region", "Unknown region 'ZZ9': GET /api/regions lists them.")]
    [InlineData("/api/map?icb=QHM&icb=QHM", "icb", "Given 2 times; give it once.")]
    public async Task BadAreaFilter_Is400NamingTheParameter_BeforeAnyPrescribingQuery(string url, string parameter, string message)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(message, errors.GetProperty(parameter)[0].GetString());
        Assert.Null(app.Fake.LastSelection);
    }

    [Theory]
    [InlineData("/api/map?bnf=0401&region=Y63&icb=QHM&sub_icb=00L00&format=csv", "rxatlas-map-0401-2024-06-Y63-QHM-00L-nic.csv")]
    [InlineData("/api/top?icb=QUY&metric=items&format=csv", "rxatlas-top-all-2024-06-QUY-items.csv")]
    [InlineData("/api/timeseries?sub_icb=W2U3Z&practice=P00004&from=2024-01&to=2024-06&format=csv", "rxatlas-timeseries-all-2024-01_2024-06-W2U3Z-P00004.csv")]
    public async Task Csv_FileName_SaysTheArea(string url, string name)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task ResponseCacheAndETag_TellAreasApart()
    {
        await using var app = await TestApp.StartAsync();
        var qhm = await app.GetJsonAsync("/api/map?icb=QHM");
        var qwo = await app.GetJsonAsync("/api/map?icb=QWO");
        var l00 = await app.GetJsonAsync("/api/map?icb=QHM&sub_icb=00L");

        Assert.NotEqual(qhm.GetRawText(), qwo.GetRawText());
        Assert.Equal(qhm.GetRawText(), l00.GetRawText()); // QHM has the one sub-ICB location: same answer, own cache entry
        Assert.Equal("00L", app.Fake.LastSelection!.SubIcbCode);

        using var first = await app.Client.GetAsync(new Uri("/api/map?icb=QHM", UriKind.Relative));
        using var other = await app.Client.GetAsync(new Uri("/api/map?icb=QWO", UriKind.Relative));
        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/map?icb=QHM", UriKind.Relative));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await app.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }
}
