using System.Globalization;
using System.Net;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary><c>per_1000=true</c> and <c>/api/config</c>'s list-size flag over a real DuckDB warehouse, against rates computed
/// independently from the fake dataset's rows.</summary>
public sealed class PerThousandPatientsApiTests : IAsyncLifetime
{
    private static readonly YearMonth Jan = new(2024, 1);
    private static readonly YearMonth Feb = new(2024, 2);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rxatlas-web-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeDataset _data = FakeDataset.Sample(12);
    private IWarehouse? _warehouse;
    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _warehouse = new DuckDbWarehouse(Path.Combine(_folder, "w.duckdb"));
        await _warehouse.MigrateAsync();
        foreach (var release in _data.Releases()) await _warehouse.LoadMonthAsync(release);
        await _warehouse.PublishAsync();
        _app = await TestApp.StartAsync(_warehouse);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_warehouse is not null) await _warehouse.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>P00000..P00011 get 1,000 + 100 × index patients in January and 15 more in February, except P00003 (never) and
    /// P00005 (not in February).</summary>
    private async Task LoadListSizesAsync()
    {
        foreach (var month in new[] { Jan, Feb })
        {
            var sizes = _data.Practices.Where(p => p.Code.StartsWith('P') && p.Code != "P00003" && !(p.Code == "P00005" && month == Feb))
                .Select(p => new PracticeListSize(p.Code, month, ListSize(p.Code, month)))
                .ToList();
            await _warehouse!.LoadListSizesAsync(month, sizes);
        }
    }

    private static int ListSize(string code, YearMonth month) => 1_000 + 100 * int.Parse(code[1..], CultureInfo.InvariantCulture) + (month == Feb ? 15 : 0);

    [Fact]
    public async Task Config_NoListSizes_DoesNotOfferRates()
    {
        var config = await App.GetJsonAsync("/api/config");

        Assert.False(config.GetProperty("has_list_sizes").GetBoolean());
        Assert.Equal(0, config.GetProperty("list_size_months").GetArrayLength());
    }

    [Fact]
    public async Task Config_AfterListSizesLoaded_OffersRatesAndListsMonths()
    {
        await LoadListSizesAsync();

        var config = await App.GetJsonAsync("/api/config");

        Assert.True(config.GetProperty("has_list_sizes").GetBoolean());
        Assert.Equal(["2024-01", "2024-02"], config.GetProperty("list_size_months").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/api/map?per_1000=true")]
    [InlineData("/api/top?per_1000=1&metric=items")]
    public async Task PerThousand_NoListSizes_ValidationProblem(string url)
    {
        using var response = await App.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("per_1000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    public async Task PerThousand_NotAFlag_ValidationProblemNamingIt(string value)
    {
        await LoadListSizesAsync();

        using var response = await App.Client.GetAsync(new Uri($"/api/map?per_1000={value}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("per_1000", out _));
    }

    [Fact]
    public async Task Map_PerThousand_ExactRatesAndNullWithoutListSize()
    {
        await LoadListSizesAsync();

        var map = await App.GetJsonAsync("/api/map?per_1000=true&metric=nic&bnf=0403&from=2024-01&to=2024-02");

        var expected = Expected("0403", "nic", geocodedOnly: true);
        var entries = map.EnumerateArray().ToDictionary(e => e.GetProperty("practice_code").GetString()!);
        Assert.Equal(expected.Keys.Order(), entries.Keys.Order());
        foreach (var (code, (patients, rate)) in expected)
        {
            var e = entries[code];
            Assert.Equal(patients, e.GetProperty("patients").ValueKind == JsonValueKind.Null ? null : e.GetProperty("patients").GetDecimal());
            Assert.Equal(rate, e.GetProperty("value").ValueKind == JsonValueKind.Null ? null : e.GetProperty("value").GetDecimal());
        }
        Assert.Equal(1, entries["P00005"].GetProperty("sized_months").GetInt32()); // no list size in February: January's rate
        Assert.Equal(JsonValueKind.Number, entries["P00005"].GetProperty("value").ValueKind);
        Assert.Equal(2, entries["P00001"].GetProperty("sized_months").GetInt32());
        Assert.Equal(JsonValueKind.Null, entries["P00003"].GetProperty("patients").ValueKind);
        Assert.Equal(0, entries["P00003"].GetProperty("sized_months").GetInt32());
    }

    /// <summary>One month's list-size file missing (only January's loaded) no longer nulls every rate: each practice's rate
    /// comes from January, scaled to the two-month period, and the answer names the month without list sizes.</summary>
    [Fact]
    public async Task Map_PerThousand_ListSizeMonthMissingForEveryone_RatesFromTheOtherMonthsAndHeaderSaysSo()
    {
        var sizes = _data.Practices.Where(p => p.Code.StartsWith('P') && p.Code != "P00003")
            .Select(p => new PracticeListSize(p.Code, Jan, ListSize(p.Code, Jan))).ToList();
        await _warehouse!.LoadListSizesAsync(Jan, sizes);

        using var response = await App.Client.GetAsync(new Uri("/api/map?per_1000=true&metric=nic&bnf=0403&from=2024-01&to=2024-02", UriKind.Relative));
        var map = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var expected = Expected("0403", "nic", geocodedOnly: true, sizedMonths: [Jan]);
        var entries = map.EnumerateArray().ToDictionary(e => e.GetProperty("practice_code").GetString()!);
        Assert.Equal("2024-02", string.Join(',', response.Headers.GetValues("X-RxAtlas-List-Size-Months-Missing")));
        Assert.Equal("", string.Join(',', response.Headers.GetValues("X-RxAtlas-Months-Missing")));
        Assert.Equal(entries.Count - 1, entries.Values.Count(e => e.GetProperty("value").ValueKind == JsonValueKind.Number));
        foreach (var (code, (patients, rate)) in expected)
        {
            Assert.Equal(rate, entries[code].GetProperty("value").ValueKind == JsonValueKind.Null ? null : entries[code].GetProperty("value").GetDecimal());
            Assert.Equal(patients, entries[code].GetProperty("patients").ValueKind == JsonValueKind.Null ? null : entries[code].GetProperty("patients").GetDecimal());
        }
    }

    /// <summary>Rates are written with exactly four decimals in JSON and CSV, not the 28 significant digits of a decimal division.</summary>
    [Theory]
    [InlineData("/api/map?per_1000=true&metric=items&from=2024-01&to=2024-02")]
    [InlineData("/api/top?per_1000=true&metric=nic&from=2024-01&to=2024-02")]
    public async Task PerThousand_RatesHaveFourDecimalsInJsonAndCsv(string url)
    {
        await LoadListSizesAsync();

        var json = await App.GetJsonAsync(url);
        var csv = (await App.Client.GetStringAsync(new Uri(url + "&format=csv", UriKind.Relative))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var values = json.EnumerateArray().Select(e => e.GetProperty("value")).Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetRawText()).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Matches(@"^\d+\.\d{4}$", v));
        var column = Array.IndexOf(csv[0].Split(','), "value");
        var cells = csv.Skip(1).Select(line => line.Split(',')[column]).Where(c => c.Length > 0).ToList();
        Assert.Equal(values, cells);
    }

    [Fact]
    public async Task Top_PerThousand_RankedByRateThenUnrankedPractices()
    {
        await LoadListSizesAsync();

        var top = await App.GetJsonAsync("/api/top?per_1000=true&metric=items&from=2024-01&to=2024-02&n=1000");

        var expected = Expected("", "items", geocodedOnly: false)
            .OrderBy(e => e.Value.Rate is null).ThenByDescending(e => e.Value.Rate).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var rows = top.EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.Key), rows.Select(r => r.GetProperty("practice_code").GetString()));
        Assert.Equal([.. Enumerable.Range(1, 11).Select(i => (int?)i), null, null], // P00005 ranked on January; P00003, N00001 unsized
            rows.Select(r => r.GetProperty("rank").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("rank").GetInt32()));
        Assert.All(rows, r => Assert.False(r.GetProperty("is_unidentified").GetBoolean()));
    }

    [Fact]
    public async Task Top_WithoutPerThousand_Unchanged()
    {
        await LoadListSizesAsync();

        var top = await App.GetJsonAsync("/api/top?metric=items&from=2024-01&to=2024-02&n=3");

        Assert.All(top.EnumerateArray(), r => Assert.Equal(JsonValueKind.Number, r.GetProperty("rank").ValueKind));
        Assert.Equal(_data.Rows.Where(r => r.Month <= Feb && !PracticeCode.IsUnidentified(r.Practice)).GroupBy(r => r.Practice)
                .OrderByDescending(g => g.Sum(r => r.Items)).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key),
            top.EnumerateArray().Select(r => r.GetProperty("practice_code").GetString()));
    }

    /// <summary>Per real (optionally only geocoded) practice prescribing <paramref name="prefix"/> in Jan–Feb: its mean list size
    /// over the months it has one for (null for none; a half where both, as 7.5 more patients on average) and its rate per 1,000
    /// patients from those months, 1000 × metric in them × 2 months ÷ their patient-months, rounded to four decimals, by plain
    /// LINQ over the dataset.</summary>
    private Dictionary<string, (decimal? Patients, decimal? Rate)> Expected(string prefix, string metric, bool geocodedOnly, YearMonth[]? sizedMonths = null)
    {
        sizedMonths ??= [Jan, Feb];
        bool HasSize(string code, YearMonth month) =>
            code.StartsWith('P') && code != "P00003" && !(code == "P00005" && month == Feb) && sizedMonths.Contains(month);
        var wanted = _data.Practices.Where(p => !PracticeCode.IsUnidentified(p.Code) && (!geocodedOnly || p.Latitude is not null)).Select(p => p.Code).ToHashSet();
        return _data.Rows.Where(r => r.Month <= Feb && r.Bnf.StartsWith(prefix, StringComparison.Ordinal) && wanted.Contains(r.Practice))
            .GroupBy(r => r.Practice)
            .ToDictionary(g => g.Key, g =>
            {
                var months = new[] { Jan, Feb }.Where(m => HasSize(g.Key, m)).ToList();
                if (months.Count == 0) return ((decimal?)null, (decimal?)null);
                var patientMonths = months.Sum(m => ListSize(g.Key, m));
                var sized = g.Where(r => months.Contains(r.Month)).ToList();
                decimal value = metric == "nic" ? sized.Sum(r => r.NicPence) / 100m : sized.Sum(r => r.Items);
                return ((decimal?)patientMonths / months.Count,
                    Math.Round(1000m * value * 2 / patientMonths, 4, MidpointRounding.AwayFromZero));
            });
    }
}
