using System.Globalization;
using Microsoft.Playwright;
using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>What an analyst meets opening shared links and searching, in headless Chromium over a fake warehouse (2024-01 to
/// 2024-06 loaded, no list sizes): values the page cannot use are named, quantity is offered for presentations only, months
/// beyond the loaded ones still show in the period menus, money reads as money, and a search that finds nothing says so.</summary>
public sealed class SharedLinkPageTests : IAsyncLifetime
{
    private const string Temazepam = "0401010T0AAAAAA";
    private readonly FakeDataset _data = FakeDataset.Sample(40);
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(new FakeWarehouse(new FakeQueries(_data)));

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }

    private Task<IPage> OpenAsync(string query) => _session.OpenAsync("/" + query);

    private static async Task<string> NoticeAsync(IPage page) => await page.IsHiddenAsync("#notice") ? "" : await page.InnerTextAsync("#notice");

    [BrowserFact]
    public async Task SharedLink_ValuesThePageCannotUse_AreEachNamedInTheNotice()
    {
        var region = await OpenAsync("?bnf=0212000&from=2024-06&region=QRV");
        Assert.Equal("The link's region=QRV is not a region this warehouse has, so England is shown.", await NoticeAsync(region));
        Assert.Equal("", await region.InputValueAsync("#region"));

        // An ICB code given as a region is named as one; an ICB of another region, and an unknown sub-ICB location, too.
        var areas = await OpenAsync("?region=QKK");
        Assert.Equal("The link's region=QKK is not a region this warehouse has (it is an ICB: icb=QKK), so England is shown.", await NoticeAsync(areas));
        areas = await OpenAsync("?region=Y58&icb=QKK&sub_icb=ZZ9");
        Assert.Equal("The link's icb=QKK is not in region Y58, so all ICBs are shown. " +
            "The link's sub_icb=ZZ9 is not a sub-ICB location this warehouse has, so all sub-ICB locations are shown.", await NoticeAsync(areas));
        Assert.Equal(("Y58", ""), (await areas.InputValueAsync("#region"), await areas.InputValueAsync("#icb")));
        // A known sub-ICB location outside the link's region is named as such, not as unknown.
        var outside = await OpenAsync("?region=Y58&sub_icb=72Q");
        Assert.Equal("The link's sub_icb=72Q is not in region Y58, so all sub-ICB locations are shown.", await NoticeAsync(outside));

        var malformed = await OpenAsync("?bnf=04%27x,0401&from=2024-13&metric=evil&per_1000=maybe&period=decade&region=%3Cx%3E&practice=E85-022");
        var notice = await NoticeAsync(malformed);
        foreach (var expected in new[]
                 {
                     "The link's bnf=04'X is not a BNF code (1 to 15 letters and digits), so it is left out.",
                     "The link's from=2024-13 is not a month (YYYY-MM) or a financial year (YYYY/YY), so the latest loaded month is shown.",
                     "The link's metric=evil is not a measure (nic, actual_cost, items or quantity), so net ingredient cost is shown.",
                     "The link's per_1000=maybe is not true or false, so totals are shown.",
                     "The link's period=decade is not a period (month, range, year or fy), so it is left out.",
                     "The link's region=<x> is not an area code (up to 12 letters and digits), so it is left out.",
                     "The link's practice=E85-022 is not a practice code (up to 8 letters and digits), so no practice is shown.",
                 })
        {
            Assert.Contains(expected, notice, StringComparison.Ordinal);
        }
        Assert.True(await malformed.IsHiddenAsync("#practice-panel"));
        Assert.Equal(["0401"], await malformed.Locator("#bnf-chips .chip").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.code)"));

        // Some codes known, one not: the unknown one is named (all unknown, the status line says why the map is empty).
        var partlyUnknown = await OpenAsync("?bnf=0401,99");
        Assert.Equal("No medicine has a BNF code starting 99, so it adds nothing to the selection.", await NoticeAsync(partlyUnknown));

        // Rates asked of a warehouse without list sizes fall back to totals, and say so.
        var rates = await OpenAsync("?metric=items&per_1000=true");
        Assert.Equal("No list sizes are loaded, so the link's rates per 1,000 patients cannot be shown: totals are shown.", await NoticeAsync(rates));
        Assert.Equal("items", await rates.InputValueAsync("#metric"));

        // Spaces in a practice code are removed: "P00 002" is P00002, and its panel opens with nothing to say.
        var spaced = await OpenAsync("?practice=P00%20002");
        await spaced.WaitForSelectorAsync("#practice-panel[data-practice='P00002']");
        Assert.Equal("", await NoticeAsync(spaced));

        // Selecting something new clears the link's notes.
        await region.SelectOptionAsync("#metric", "items");
        await region.WaitForURLAsync(url => url.Contains("metric=items", StringComparison.Ordinal));
        await region.WaitForFunctionAsync("() => document.querySelector('#notice').hidden");
    }

    [BrowserFact]
    public async Task Quantity_OfferedOnlyWhenEveryCodeIsAPresentation()
    {
        const string why = "Quantity adds up only within one presentation (tablets, ml and grams do not add up): choose BNF presentations (15-character codes) to see it.";
        var all = await OpenAsync("");
        Assert.True(await all.Locator("#metric option[value='quantity']").IsDisabledAsync());
        Assert.Equal(why, await all.GetAttributeAsync("#metric option[value='quantity']", "title"));
        Assert.Equal("Quantity (presentations only)", await all.InnerTextAsync("#metric option[value='quantity']"));

        var group = await OpenAsync("?bnf=0401&metric=quantity");
        Assert.Equal("nic", await group.InputValueAsync("#metric"));
        Assert.Equal($"{why} Net ingredient cost is shown instead.", await NoticeAsync(group));

        var presentations = await OpenAsync($"?bnf={Temazepam},0403030E0AAAAAA&metric=quantity");
        Assert.Equal("quantity", await presentations.InputValueAsync("#metric"));
        Assert.True(await presentations.Locator("#metric option[value='quantity']").IsEnabledAsync());
        Assert.Equal("", await NoticeAsync(presentations));
        var june = await presentations.Locator("#series-chart ~ table tbody tr[data-key='2024-06']").InnerTextAsync();
        var quantity = _data.Rows.Where(r => r.Month == new YearMonth(2024, 6) && r.Bnf is Temazepam or "0403030E0AAAAAA").Sum(r => r.QuantityMilli) / 1000m;
        Assert.EndsWith(quantity.ToString("#,0.###", CultureInfo.InvariantCulture), june.TrimEnd(), StringComparison.Ordinal);

        // Adding a group to presentations shown by quantity falls back to the default measure, and says why.
        await presentations.FocusAsync("#bnf-search");
        await presentations.Keyboard.TypeAsync("0212");
        await presentations.Locator("#bnf-suggestions li[data-code='0212']").ClickAsync();
        await presentations.WaitForURLAsync(url => url.Contains("0212", StringComparison.Ordinal) && !url.Contains("metric=", StringComparison.Ordinal));
        Assert.Equal("nic", await presentations.InputValueAsync("#metric"));
        Assert.True(await presentations.Locator("#metric option[value='quantity']").IsDisabledAsync());
        Assert.StartsWith(why, await NoticeAsync(presentations), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task PeriodMenus_MonthsBeyondTheLoadedOnes_ShowTheRequestedMonth()
    {
        var page = await OpenAsync("?period=range&from=2023-11&to=2024-08");

        Assert.Equal("2023-11", await page.InputValueAsync("#month-from"));
        Assert.Equal("2024-08", await page.InputValueAsync("#month-to"));
        Assert.Equal("Nov 2023 (not loaded)", await page.InnerTextAsync("#month-from option:checked"));
        Assert.Equal("Aug 2024 (not loaded)", await page.InnerTextAsync("#month-to option:checked"));
        // In order among the loaded months (newest first), and the notice still names what is missing.
        Assert.Equal(["2024-08", "2024-06", "2024-05", "2024-04", "2024-03", "2024-02", "2024-01"],
            await page.Locator("#month-to option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        Assert.StartsWith("Nov 2023, Dec 2023, Jul 2024 and Aug 2024 are not loaded: ", await NoticeAsync(page), StringComparison.Ordinal);

        // Choosing a loaded month drops the extra one.
        await page.SelectOptionAsync("#month-to", "2024-03");
        await page.WaitForURLAsync(url => url.Contains("to=2024-03", StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("#month-to option.not-loaded").CountAsync());
        Assert.Equal("Nov 2023 (not loaded)", await page.InnerTextAsync("#month-from option:checked"));
    }

    [BrowserFact]
    public async Task PracticePanel_DownloadsThePracticesOwnMonthlySeries()
    {
        var page = await OpenAsync("?bnf=0212&practice=P00002");
        await page.WaitForSelectorAsync("#practice-panel[data-practice='P00002']");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#practice-csv"));
        Assert.Equal("rxatlas-timeseries-0212-2024-01_2024-06-P00002.csv", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"rxatlas-e2e-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(file);
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
        File.Delete(file);

        Assert.Equal("month,items,quantity,nic,actual_cost", lines[0]);
        var expected = _data.Rows.Where(r => r.Practice == "P00002" && r.Bnf.StartsWith("0212", StringComparison.Ordinal))
            .GroupBy(r => r.Month).OrderBy(g => g.Key).Select(g => $"{g.Key},{g.Sum(r => r.Items)}");
        Assert.Equal(expected, lines.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])));
    }

    [BrowserFact]
    public async Task Money_InTheLegendAndChartTicks_IsWholePoundsPenceOrThousands()
    {
        var page = await OpenAsync("");

        var shortForms = await page.EvaluateAsync<string[]>("""
            async () => {
              const { formatShort } = await import('./js/format.js');
              return [376.5, 9100, 1.6, 108.5, 123.2, 0.45, 5, 12000, 999.6].map(v => formatShort('nic', v))
                .concat([formatShort('actual_cost_per_1000', 42.25), formatShort('items', 1500)]);
            }
            """);
        Assert.Equal(["£377", "£9.1k", "£1.60", "£109", "£123", "£0.45", "£5", "£12k", "£1,000", "£42", "1.5k"], shortForms);

        await page.WaitForFunctionAsync("() => document.querySelector('#legend .ends')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        var ends = await page.Locator("#legend .ends span").AllInnerTextsAsync();
        Assert.All(ends, e => Assert.Matches(@"^[≤≥] £(\d{1,3}(,\d{3})*|\d\.\d\d|\d+(\.\d)?[kmbKMB])$", e));
        var ticks = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('#series-chart')).scales.y.ticks.map(t => t.label)");
        Assert.All(ticks, t => Assert.Matches(@"^£(\d{1,3}(,\d{3})*|\d\.\d\d|\d+(\.\d)?[kmbKMB])$", t));
    }

    [BrowserFact]
    public async Task Searches_ThatMatchNothing_SaySo_AndPracticeCodesMatchWithSpaces()
    {
        var page = await OpenAsync("");

        await page.FocusAsync("#bnf-search");
        await page.Keyboard.TypeAsync("zz99");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#bnf-suggestions li.no-match");
        Assert.Equal("No BNF code or name matches “zz99”.", await page.InnerTextAsync("#bnf-suggestions"));
        Assert.Equal("zz99", await page.InputValueAsync("#bnf-search"));
        Assert.DoesNotContain("bnf=", page.Url, StringComparison.Ordinal);

        await page.FocusAsync("#practice-search");
        await page.Keyboard.TypeAsync("qq 999");
        await page.WaitForSelectorAsync("#practice-suggestions li.no-match");
        Assert.Equal("No practice code, name or postcode matches “qq 999”.", await page.InnerTextAsync("#practice-suggestions"));

        await page.FillAsync("#practice-search", "");
        await page.Keyboard.TypeAsync("P00 002");
        await page.WaitForSelectorAsync("#practice-suggestions li:has(.code:text-is('P00002'))");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#practice-panel[data-practice='P00002']");
    }
}
