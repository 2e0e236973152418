using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RxAtlas.Web.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("/api/map?from=2024-13", "from")]
    [InlineData("/api/map?from=202403", "from")]
    [InlineData("/api/map?to=March", "to")]
    [InlineData("/api/map?from=2024-05&to=2024-01", "to")]
    [InlineData("/api/map?region=ZZ9", "region")]
    [InlineData("/api/map?region=Y56%27%20OR%201%3D1", "region")]
    [InlineData("/api/map?metric=cost", "metric")]
    [InlineData("/api/map?format=xml", "format")]
    [InlineData("/api/map?bnf=04%27%3BDROP%20TABLE%20x%3B--", "bnf")]
    [InlineData("/api/map?bnf=0401,,04011234567890123", "bnf")]
    [InlineData("/api/map?bnf=%00", "bnf")]
    [InlineData("/api/top?n=0", "n")]
    [InlineData("/api/top?n=100000", "n")]
    [InlineData("/api/top?n=-5", "n")]
    [InlineData("/api/top?n=1e3", "n")]
    [InlineData("/api/top?n=99999999999999999999", "n")]
    [InlineData("/api/timeseries?practice=%3Cscript%3E", "practice")]
    [InlineData("/api/timeseries?practice=ABCDEFGHIJ", "practice")]
    [InlineData("/api/timeseries?practice=NOPE99", "practice")]
    [InlineData("/api/timeseries?practice=P00001&region=Y56", "practice")]
    [InlineData("/api/bnf/040/children", "code")]
    [InlineData("/api/bnf/0401010T0AAAA/children", "code")]
    [InlineData("/api/bnf", "q")]
    [InlineData("/api/bnf?q=a&limit=5000", "limit")]
    [InlineData("/api/practices?q=", "q")]
    [InlineData("/api/bnf/04%27%3BDROP/children", "code")]
    [InlineData("/api/practices/x%27%20or%20%271%27%3D%271", "code")]
    [InlineData("/api/runs?limit=0", "limit")]
    public async Task BadParameter_Is400ProblemDetailsNamingIt(string url, string parameter)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"errors should name '{parameter}': {problem}");
        Assert.Null(app.Fake.LastSelection);
    }

    [Fact]
    public async Task BnfSearch_SqlLikeText_IsPassedAsTextNotRejected()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/bnf?q=04%27%3BDROP%20TABLE%20x%3B--", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ManyJunkRequests_NeverAnswer500()
    {
        await using var app = await TestApp.StartAsync();
        string[] junk = ["%FF%FE", "%27", "%22%3E%3C", "..%2F..%2Fetc%2Fpasswd", new string('9', 300), "-1", "2024-00", "0000-01", "%E2%80%AE", "null", "[]", "{}"];
        string[] urls = ["/api/map?bnf={0}", "/api/map?from={0}", "/api/top?n={0}", "/api/timeseries?region={0}", "/api/map?icb={0}", "/api/top?sub_icb={0}", "/api/map?metric={0}",
            "/api/practices/{0}", "/api/bnf/{0}/children", "/api/practices?q={0}", "/api/bnf?q={0}", "/api/top?to={0}&from={0}"];
        foreach (var url in urls)
        {
            foreach (var value in junk)
            {
                using var response = await app.Client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, value), UriKind.Relative));
                Assert.True((int)response.StatusCode < 500, $"{url} with {value} → {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task UnknownParameter_IsRefusedBeforeAnyQuery()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/top?n=1&per1000=1", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, app.Fake.Calls);
    }

    [Fact]
    public async Task ParameterNames_AreMatchedWithoutRegardToCase_AsBindingDoes()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/map?BNF=0401&Metric=items", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["0401"], app.Fake.LastSelection!.BnfPrefixes);
    }

    [Theory]
    [InlineData("/api/top?n=1&per1000=1", "per1000", "Unknown parameter 'per1000'; this endpoint takes: bnf, format, from, icb, metric, n, per_1000, region, sub_icb, to.")]
    [InlineData("/api/map?practice=P00001", "practice", "Unknown parameter 'practice'; this endpoint takes: bnf, format, from, icb, metric, per_1000, region, sub_icb, to, unlocated.")]
    [InlineData("/api/regions?format=csv", "format", "Unknown parameter 'format'; this endpoint takes: none.")]
    [InlineData("/api/map?region=Y56&region=Y56", "region", "Given 2 times; give it once.")]
    [InlineData("/api/map?bnf=04&bnf=0212", "bnf", "Given 2 times; give it once (several codes go comma-separated: bnf=04,0212).")]
    [InlineData("/api/top?n=abc", "n", "'abc' is not a whole number: expected one from 1 to 1000.")]
    [InlineData("/api/top?n=1.5", "n", "'1.5' is not a whole number: expected one from 1 to 1000.")]
    [InlineData("/api/top?n=-5", "n", "'-5' is out of range: expected a whole number from 1 to 1000.")]
    [InlineData("/api/map?per_1000=yes", "per_1000", "'yes' is not a flag: expected true or false (or 1 or 0).")]
    [InlineData("/api/map?from=9999-12", "from", "'9999-12' is out of range: expected a month from 1900-01 to 2999-12.")]
    [InlineData("/api/map?from=2024-13", "from", "'2024-13' is not a month: expected YYYY-MM, e.g. 2024-03.")]
    [InlineData("/api/map?bnf=,,,", "bnf", "',,,' has an empty item: expected BNF code prefixes separated by commas, e.g. 04,0212.")]
    [InlineData("/api/map?bnf=%20", "bnf", "' ' has an empty item: expected BNF code prefixes separated by commas, e.g. 04,0212.")]
    [InlineData("/api/timeseries?practice=Q99998&region=Y58", "practice", "Practice 'Q99998' is in region 'Y56', not 'Y58': give one or the other.")]
    public async Task BadParameter_MessageSaysWhatIsWrong(string url, string parameter, string message)
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(message, errors.GetProperty(parameter)[0].GetString());
    }

    [Fact]
    public async Task EchoedValue_IsNeverCutInTheMiddleOfACharacter()
    {
        await using var app = await TestApp.StartAsync();
        using var response = await app.Client.GetAsync(new Uri("/api/map?bnf=" + new string('A', 39) + "%F0%9F%92%8Atail", UriKind.Relative));

        var errors = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal($"'{new string('A', 39)}…' is not a BNF code prefix: expected 1 to 15 letters and digits.", errors.GetProperty("bnf")[0].GetString());
    }
}
