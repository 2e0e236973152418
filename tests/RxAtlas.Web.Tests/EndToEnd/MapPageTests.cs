using System.Globalization;
using Microsoft.Playwright;
using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests.EndToEnd;

/// <summary>The map page in headless Chromium against the real app on a loopback port (Kestrel, port 0) over a fake warehouse.</summary>
public sealed class MapPageTests : IAsyncLifetime
{
    private static readonly YearMonth Latest = new(2024, 6);
    private readonly FakeDataset _data = FakeDataset.Sample(400);
    private BrowserSession _session = null!;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync(new FakeWarehouse(new FakeQueries(_data)));

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }

    private Task<IPage> OpenAsync(string query = "") => _session.OpenAsync("/" + query);

    private static async Task<int> PracticeCountAsync(IPage page) =>
        int.Parse(await page.GetAttributeAsync("#map", "data-practice-count") ?? "-1", CultureInfo.InvariantCulture);

    private static string Pounds(long pence) => "£" + (pence / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    private long NicPence(string prefix, YearMonth month, Func<FakeRow, bool>? where = null) =>
        _data.Rows.Where(r => r.Month == month && r.Bnf.StartsWith(prefix, StringComparison.Ordinal) && (where?.Invoke(r) ?? true)).Sum(r => r.NicPence);

    [BrowserFact]
    public async Task MapPage_ChangeBnfAndDownload_MapChartsUrlAndCsvFollow()
    {
        var page = await OpenAsync();

        Assert.Equal(_data.MappedPractices(Latest), await PracticeCountAsync(page));
        Assert.Equal(30, int.Parse(await page.GetAttributeAsync("#top-chart", "data-count") ?? "0", CultureInfo.InvariantCulture));
        var topBefore = await page.Locator("#top-chart ~ table tbody tr").First.InnerTextAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("screenshot.png") });

        // Type-ahead then Enter: the first match (section 0401) is added to the selection.
        await page.FocusAsync("#bnf-search");
        await page.Keyboard.TypeAsync("hypno");
        await page.WaitForSelectorAsync("#bnf-suggestions li[data-code='0401']");
        await page.Keyboard.PressAsync("Enter");
        var expected = _data.MappedPractices(Latest, "0401");
        await page.WaitForFunctionAsync($"() => document.querySelector('#map').dataset.practiceCount === '{expected}'");

        Assert.Contains("bnf=0401", page.Url, StringComparison.Ordinal);
        Assert.Equal("0401 Hypnotics and anxiolytics", (await page.InnerTextAsync("#bnf-chips .chip")).TrimEnd('×').Trim());
        var topAfter = await page.Locator("#top-chart ~ table tbody tr").First.InnerTextAsync();
        Assert.NotEqual(topBefore, topAfter);
        var best = _data.Rows.Where(r => r.Month == Latest && r.Bnf.StartsWith("0401", StringComparison.Ordinal))
            .GroupBy(r => r.Practice).Max(g => g.Sum(r => r.NicPence));
        Assert.EndsWith(Pounds(best), topAfter.TrimEnd(), StringComparison.Ordinal);
        var june = await page.Locator("#series-chart ~ table tbody tr[data-key='2024-06']").InnerTextAsync();
        Assert.EndsWith(Pounds(NicPence("0401", Latest)), june.TrimEnd(), StringComparison.Ordinal);

        // The status counts the practices the map cannot draw; the CSV lists every practice of the selection, those with
        // blank coordinates.
        var prescribing = _data.PrescribingPractices(Latest, "0401");
        var unlocated = prescribing.Where(p => p.Latitude is null && !PracticeCode.IsUnidentified(p.Code)).Select(p => p.Code).ToList();
        var unidentified = prescribing.Count(p => PracticeCode.IsUnidentified(p.Code));
        Assert.Equal((1, 1), (unlocated.Count, unidentified));
        var unlocatedNote = (unlocated.Count, unidentified) switch
        {
            (1, 0) => "1 more without a location is not drawn; the CSV lists it",
            (_, 0) => $"{unlocated.Count} more without a location are not drawn; the CSV lists them",
            (_, 1) => $"{unlocated.Count} more without a location and 1 unidentified prescriber are not drawn; the CSV lists them",
            _ => $"{unlocated.Count} more without a location and {unidentified} unidentified prescribers are not drawn; the CSV lists them",
        };
        var status = await page.InnerTextAsync("#status");
        Assert.True(status.StartsWith($"{expected} practices on the map ({unlocatedNote}) ", StringComparison.Ordinal), $"{status}\nexpected: {unlocatedNote}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        Assert.Equal("rxatlas-map-0401-2024-06-nic.csv", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"rxatlas-e2e-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(file);
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
        File.Delete(file);
        Assert.Equal("practice_code,name,latitude,longitude,value,items,nic,actual_cost,quantity,patients,is_unidentified,sized_months", lines[0]);
        Assert.Equal(NicPence("0401", Latest), lines.Skip(1).Sum(l => (long)(decimal.Parse(l.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture) * 100)));
        Assert.Equal(prescribing.Select(p => p.Code).Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("P00000,", StringComparison.Ordinal)); // index 0 prescribes no 0401
        Assert.Contains(lines, l => l.StartsWith("P00001,Practice 1 Surgery,", StringComparison.Ordinal));
        Assert.All(lines.Where(l => unlocated.Contains(l.Split(',')[0])), l => Assert.Equal(["", ""], l.Split(',')[2..4]));

        // The two charts download their own numbers.
        var top = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#top-csv"));
        Assert.Equal("rxatlas-top-0401-2024-06-nic.csv", top.SuggestedFilename);
        var series = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#series-csv"));
        Assert.Equal("rxatlas-timeseries-0401-2024-01_2024-06.csv", series.SuggestedFilename);
    }

    [BrowserFact]
    public async Task MapPage_EmptySelections_SayWhy()
    {
        var page = await OpenAsync("?bnf=99");
        Assert.Equal("No medicine has a BNF code starting 99.", await page.InnerTextAsync("#status"));

        page = await OpenAsync("?bnf=0403&from=2021-01");
        Assert.Equal("Jan 2021 is not loaded (loaded: Jan 2024 – Jun 2024).", await page.InnerTextAsync("#status"));
    }

    [BrowserFact]
    public async Task MapPage_NarrowWindow_ChartsStackBelowTheMapAtFullHeight()
    {
        var page = await OpenAsync();
        await page.SetViewportSizeAsync(390, 844);

        foreach (var chart in new[] { "#top-chart", "#series-chart" })
        {
            await page.Locator(chart).ScrollIntoViewIfNeededAsync();
            var box = await page.Locator(chart).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 150, $"{chart} is {box.Height} px tall");
        }
        var map = await page.Locator("#map").BoundingBoxAsync();
        var top = await page.Locator("#top-chart").BoundingBoxAsync();
        Assert.True(top!.Y >= map!.Y + map.Height, "the charts come below the map");
        var side = await page.Locator(".side").BoundingBoxAsync();
        Assert.True(side!.Height >= 2 * 150, $"the charts' column is {side.Height} px tall: it must not clip them");
    }

    [BrowserFact]
    public async Task MapPage_SharedUrl_RestoresSelectionAndPracticePanel()
    {
        var page = await OpenAsync("?bnf=0212&metric=items&region=Y58&practice=P00002");

        var expected = _data.Rows.Where(r => r.Month == Latest && r.Bnf.StartsWith("0212", StringComparison.Ordinal))
            .Select(r => _data.Practices.Single(p => p.Code == r.Practice)).Where(p => p.RegionCode == "Y58" && p.Latitude is not null)
            .Select(p => p.Code).Distinct().Count();
        Assert.Equal(expected, await PracticeCountAsync(page));
        Assert.Equal("items", await page.InputValueAsync("#metric"));
        Assert.Equal("Y58", await page.InputValueAsync("#region"));
        await page.WaitForSelectorAsync("#practice-panel[data-practice='P00002']");
        Assert.Equal("Practice 2 Surgery", await page.InnerTextAsync("#practice-name"));
        await page.WaitForSelectorAsync("#map[data-selected='P00002']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

        // Closing the panel (Escape) forgets the practice in the URL and on the map.
        await page.FocusAsync("#practice-close");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForURLAsync(url => !url.Contains("practice=", StringComparison.Ordinal));
        Assert.Equal("", await page.GetAttributeAsync("#map", "data-selected"));
        Assert.True(await page.IsHiddenAsync("#practice-panel"));

        // Keyboard: change the measure with the keyboard and the URL follows.
        await page.FocusAsync("#metric");
        await page.SelectOptionAsync("#metric", "actual_cost");
        await page.WaitForURLAsync(url => url.Contains("metric=actual_cost", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task MapPage_PracticePanel_NamesItsIcbAndSubIcb_AndEachSelectsThatArea()
    {
        // P00002 is in the North East (Y63): ICB QHM, sub-ICB location 00L. The link shows the South West.
        var page = await OpenAsync("?bnf=0212&metric=items&region=Y58&practice=P00002");
        await page.WaitForSelectorAsync("#practice-panel[data-practice='P00002']");
        Assert.Equal("ICB: NHS North East and North Cumbria ICB (QHM) · Sub-ICB location: Northumberland (00L)", await page.InnerTextAsync("#practice-areas"));
        int Mapped(Func<FakePractice, bool> where) =>
            _data.PrescribingPractices(Latest, "0212").Count(p => p.Latitude is not null && where(p));

        // The sub-ICB location (by keyboard): it becomes the page's area, with its ICB and region; the practice stays open.
        await page.FocusAsync("#practice-areas button[data-level='subIcb']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("region=Y63&icb=QHM&sub_icb=00L", StringComparison.Ordinal));
        await page.WaitForFunctionAsync($"() => document.querySelector('#map').dataset.practiceCount === '{Mapped(p => p.SubIcbCode == "00L")}'");
        Assert.Equal(("Y63", "QHM", "00L"), (await page.InputValueAsync("#region"), await page.InputValueAsync("#icb"), await page.InputValueAsync("#sub-icb")));
        Assert.Contains("practice=P00002", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#practice-panel[data-practice='P00002']");

        // The ICB: the whole ICB, no sub-ICB location.
        await page.ClickAsync("#practice-areas button[data-level='icb']");
        await page.WaitForURLAsync(url => url.Contains("region=Y63&icb=QHM", StringComparison.Ordinal) && !url.Contains("sub_icb", StringComparison.Ordinal));
        await page.WaitForFunctionAsync($"() => document.querySelector('#map').dataset.practiceCount === '{Mapped(p => p.IcbCode == "QHM")}'");
        Assert.Equal(("QHM", ""), (await page.InputValueAsync("#icb"), await page.InputValueAsync("#sub-icb")));

        // A prescriber with no ICB or sub-ICB location: no area line.
        page = await OpenAsync("?practice=Q99998");
        await page.WaitForSelectorAsync("#practice-panel[data-practice='Q99998']");
        Assert.True(await page.IsHiddenAsync("#practice-areas"));
    }

    [BrowserFact]
    public async Task MapPage_AreaSelectors_CascadeFromRegionToIcbToSubIcb_AndUrlMapAndDownloadFollow()
    {
        var page = await OpenAsync();
        async Task<string[]> OptionsAsync(string select) =>
            await page.Locator($"{select} option").EvaluateAllAsync<string[]>("os => os.map(o => o.value + '=' + o.textContent)");
        int Mapped(Func<FakePractice, bool> where) => _data.PrescribingPractices(Latest).Count(p => p.Latitude is not null && where(p));

        // England: every ICB is offered, by name; no sub-ICB location until an ICB is chosen.
        Assert.Equal(["=All ICBs", "QUY=NHS Bristol, North Somerset and South Gloucestershire ICB", "QMJ=NHS North Central London ICB",
            "QHM=NHS North East and North Cumbria ICB", "QKK=NHS South East London ICB", "QWO=NHS West Yorkshire ICB"], await OptionsAsync("#icb"));
        Assert.True(await page.IsDisabledAsync("#sub-icb"));

        // A region narrows the ICBs to its own.
        await page.SelectOptionAsync("#region", "Y63");
        await page.WaitForURLAsync(url => url.Contains("region=Y63", StringComparison.Ordinal));
        Assert.Equal(["=All ICBs in the region", "QHM=NHS North East and North Cumbria ICB", "QWO=NHS West Yorkshire ICB"], await OptionsAsync("#icb"));

        // An ICB: the map holds its practices alone, and its sub-ICB locations are offered.
        await page.SelectOptionAsync("#icb", "QWO");
        await page.WaitForURLAsync(url => url.Contains("region=Y63&icb=QWO", StringComparison.Ordinal));
        var inQwo = Mapped(p => p.IcbCode == "QWO");
        await page.WaitForFunctionAsync($"() => document.querySelector('#map').dataset.practiceCount === '{inQwo}'");
        Assert.True(await page.IsEnabledAsync("#sub-icb"));
        Assert.Equal(["=All sub-ICB locations", "02T=Calderdale"], await OptionsAsync("#sub-icb"));
        Assert.EndsWith("· NHS West Yorkshire ICB", await page.InnerTextAsync("#status"), StringComparison.Ordinal);

        // A sub-ICB location: in the URL, the status and the download's name.
        await page.SelectOptionAsync("#sub-icb", "02T");
        await page.WaitForURLAsync(url => url.Contains("sub_icb=02T", StringComparison.Ordinal));
        await page.WaitForFunctionAsync("() => document.querySelector('#status').textContent.endsWith('· Calderdale')");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        Assert.Equal("rxatlas-map-all-2024-06-Y63-QWO-02T-nic.csv", download.SuggestedFilename);

        // Another region forgets the ICB and sub-ICB location, which are not in it.
        await page.SelectOptionAsync("#region", "Y56");
        await page.WaitForURLAsync(url => url.Contains("region=Y56", StringComparison.Ordinal) && !url.Contains("icb", StringComparison.Ordinal));
        await page.WaitForFunctionAsync($"() => document.querySelector('#map').dataset.practiceCount === '{Mapped(p => p.RegionCode == "Y56")}'");
        Assert.Equal(("", true), (await page.InputValueAsync("#icb"), await page.IsDisabledAsync("#sub-icb")));

        // Back to England, then an ICB straight away: its region is chosen with it.
        await page.SelectOptionAsync("#region", "");
        await page.WaitForURLAsync(url => !url.Contains("region=", StringComparison.Ordinal));
        await page.SelectOptionAsync("#icb", "QUY");
        await page.WaitForURLAsync(url => url.Contains("region=Y58&icb=QUY", StringComparison.Ordinal));
        Assert.Equal("Y58", await page.InputValueAsync("#region"));
        await page.WaitForFunctionAsync($"() => document.querySelector('#map').dataset.practiceCount === '{Mapped(p => p.IcbCode == "QUY")}'");

        // A shared link with a sub-ICB location alone restores the whole cascade.
        page = await OpenAsync("?sub_icb=w2u3z&metric=items");
        Assert.Equal(("Y58", "QUY", "W2U3Z"), (await page.InputValueAsync("#region"), await page.InputValueAsync("#icb"), await page.InputValueAsync("#sub-icb")));
        Assert.Equal(Mapped(p => p.SubIcbCode == "W2U3Z"), await PracticeCountAsync(page));
    }

    [BrowserFact]
    public async Task MapPage_TreeAndYear_SelectByKeyboardAndUrlFollows()
    {
        var page = await OpenAsync();

        // Browse the tree with the keyboard: open it, choose chapter 04, expand it and choose section 0403 inside it, which
        // replaces the chapter (drilling down) rather than adding a choice it already covers.
        await page.FocusAsync("#bnf-browse summary");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#bnf-tree .pick[data-code='04']");
        await page.FocusAsync("#bnf-tree .pick[data-code='04']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("bnf=04", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("#bnf-tree button[aria-label='Expand 04']");
        await page.FocusAsync("#bnf-tree button[aria-label='Expand 04']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#bnf-tree .pick[data-code='0403']");
        await page.FocusAsync("#bnf-tree .pick[data-code='0403']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("bnf=0403", StringComparison.Ordinal));
        Assert.Equal(["0403"], await page.Locator("#bnf-chips .chip").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.code)"));

        // A whole year: every loaded month of 2024.
        await page.SelectOptionAsync("#period-mode", "year");
        await page.WaitForURLAsync(url => url.Contains("period=year", StringComparison.Ordinal) && url.Contains("from=2024-01", StringComparison.Ordinal) && url.Contains("to=2024-06", StringComparison.Ordinal));
        await page.WaitForFunctionAsync("() => document.querySelector('#status').textContent.startsWith('" + _data.MappedPractices(Latest, "0403") + " practices on the map')");
        Assert.Contains("Jan 2024 – Jun 2024", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
        Assert.Equal(_data.MappedPractices(Latest, "0403"), await PracticeCountAsync(page));
    }

    [BrowserFact]
    public async Task ClientModules_PercentileScaleAndUrlState_BehaveAsSpecified()
    {
        var page = await OpenAsync();

        // 1..100 plus one huge outlier: the scale spans the 5th to 95th percentiles, so the outlier cannot flatten the rest.
        var scale = await page.EvaluateAsync<double[]>("""
            async () => {
              const { percentileScale } = await import('./js/scale.js');
              const values = Array.from({ length: 100 }, (_, i) => i + 1).concat([1e6]);
              const s = percentileScale(values);
              return [s.low, s.high, s.position(51), s.position(1e6), s.position(-5), percentileScale([7, 7]).position(7)];
            }
            """);
        Assert.Equal([6, 96, 0.5, 1, 0, 0.5], scale);

        var roundTrip = await page.EvaluateAsync<string[]>("""
            async () => {
              const { readState, stateQuery } = await import('./js/state.js');
              const a = readState('?bnf=0401,0212&period=range&from=2024-01&to=2024-03&region=y56&icb=qkk&sub_icb=72q&metric=items&practice=p00001');
              const b = readState('?bnf=04%27;DROP&from=2024-13&metric=evil&region=%3Cx%3E&icb=Q%27&sub_icb=-&per1000=evil');
              const r = readState('?metric=actual_cost&per1000=1');
              const rejected = [];
              const spaced = readState('?practice=%20e85%20022%20&per_1000=TRUE', rejected);
              const fy = readState('?from=2019/20&to=2020-03&period=month&region=y56');
              const ends = ['?from=2019/20&to=2019-12', '?from=2019-06&to=2020/21', '?to=2019/20', '?from=2018/19&to=2019/20']
                .map(link => { const s = readState(link); return [s.period, s.from, s.to].join(' '); });
              const badYears = ['2019/21', '2019/2020', '2999/00'].map(y => JSON.stringify(readState('?from=' + y)));
              return [stateQuery(a), stateQuery(readState('?' + stateQuery(a))), JSON.stringify(b), stateQuery(r),
                stateQuery(spaced), String(rejected.length), stateQuery(readState('?per_1000=false&per1000=1')),
                JSON.stringify([fy.period, fy.from, fy.to]), stateQuery(fy), stateQuery(readState('?from=1999%2F00')), ...badYears, ...ends];
            }
            """);
        Assert.Equal("bnf=0401%2C0212&period=range&from=2024-01&to=2024-03&region=Y56&icb=QKK&sub_icb=72Q&metric=items&practice=P00001", roundTrip[0]);
        Assert.Equal(roundTrip[0], roundTrip[1]);
        Assert.Equal("""{"bnf":[],"period":"month","from":null,"to":null,"region":"","icb":"","subIcb":"","metric":"nic","per1000":false,"practice":""}""", roundTrip[2]);
        // The rate flag is written as the API names it, per_1000; an older link's per1000=1 is still read.
        Assert.Equal("metric=actual_cost&per_1000=true", roundTrip[3]);
        Assert.Equal(["per_1000=true&practice=E85022", "0", ""], roundTrip[4..7]);
        Assert.Equal("""["fy","2019-04","2020-03"]""", roundTrip[7]); // a financial year is April to March
        Assert.Equal("from=2019/20&region=Y56", roundTrip[8]);
        Assert.Equal("from=1999/00", roundTrip[9]);
        Assert.All(roundTrip[10..13], bad => Assert.Equal(roundTrip[2], bad));
        // A year at one end and a month (or another year) at the other is the range the API reads: the year's first month
        // as from, its last as to.
        Assert.Equal(["range 2019-04 2019-12", "range 2019-06 2021-03", "fy 2019-04 2020-03", "range 2018-04 2020-03"], roundTrip[13..]);
    }
}
