using RxAtlas.Core;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

public sealed class CachingTests
{
    [Fact]
    public async Task Map_SameRequestTwice_QueriesTheWarehouseOnce()
    {
        await using var app = await TestApp.StartAsync();
        await app.GetJsonAsync("/api/map?bnf=0401&from=2024-02");
        var calls = app.Fake.Calls;

        await app.GetJsonAsync("/api/map?bnf=0401&from=2024-02");

        Assert.Equal(calls, app.Fake.Calls);
    }

    [Fact]
    public async Task Map_DataVersionChanges_CacheIsInvalidatedAndNewDataServed()
    {
        var data = FakeDataset.Sample(6);
        var warehouse = new FakeWarehouse(new FakeQueries(data));
        await using var app = await TestApp.StartAsync(warehouse);
        var before = await app.GetJsonAsync("/api/map?bnf=0403&metric=items");

        data.Rows.Add(new FakeRow("P00000", "0403030E0AAAAAA", new YearMonth(2024, 6), 1000, 0, 0, 0));
        var stale = await app.GetJsonAsync("/api/map?bnf=0403&metric=items");
        warehouse.BumpDataVersion();
        var fresh = await app.GetJsonAsync("/api/map?bnf=0403&metric=items");

        static long P0(System.Text.Json.JsonElement map) =>
            map.EnumerateArray().Single(e => e.GetProperty("practice_code").GetString() == "P00000").GetProperty("value").GetInt64();
        Assert.Equal(P0(before), P0(stale));
        Assert.Equal(P0(before) + 1000, P0(fresh));
    }

    [Fact]
    public async Task Map_DifferentMetric_IsCachedSeparately()
    {
        await using var app = await TestApp.StartAsync();
        var nic = await app.GetJsonAsync("/api/map?metric=nic");
        var items = await app.GetJsonAsync("/api/map?metric=items");

        Assert.NotEqual(nic[0].GetProperty("value").GetDecimal(), items[0].GetProperty("value").GetDecimal());
        Assert.Equal(items[0].GetProperty("items").GetDecimal(), items[0].GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Cache_IsBoundedByRowsNotAnswers_AMapLargerThanTheBoundIsNotKeptButSmallAnswersAre()
    {
        await using var app = await TestApp.StartAsync(options: new RxAtlasWebOptions { CacheRows = 50 });

        var map = await app.GetJsonAsync("/api/map?bnf=0403&from=2024-02");
        var afterMap = app.Fake.Calls;
        await app.GetJsonAsync("/api/map?bnf=0403&from=2024-02");
        var afterSecondMap = app.Fake.Calls;
        await app.GetJsonAsync("/api/regions");
        var afterRegions = app.Fake.Calls;
        await app.GetJsonAsync("/api/regions");

        Assert.True(map.GetArrayLength() > 50, "the map must be larger than the bound for this test to mean anything");
        Assert.Equal(afterMap + 1, afterSecondMap); // asked the warehouse again: 120 rows do not fit in 50
        Assert.Equal(afterRegions, app.Fake.Calls); // three regions do
    }
}
