using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Web.Tests.Fakes;

namespace RxAtlas.Web.Tests;

/// <summary>When the warehouse itself fails, the API answers with ProblemDetails and no internals.</summary>
public sealed class FailureTests
{
    private sealed class TransientDbException() : System.Data.Common.DbException("57P01: terminating connection, Password=hunter2")
    {
        public override bool IsTransient => true;
    }

    private sealed class BrokenQueries(FakeQueries inner, Func<Exception>? failure = null) : IPrescribingQueries
    {
        private Exception Boom() => failure?.Invoke() ?? new InvalidOperationException("secret connection string Password=hunter2");
        public Task<IReadOnlyList<PracticeMeasure>> MapAsync(Selection s, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<MonthMeasure>> TimeSeriesAsync(Selection s, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<PracticeMeasure>> TopAsync(Selection s, Metric m, int n, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<BnfNode>> SearchBnfAsync(string t, int l, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<BnfNode>> BnfChildrenAsync(string c, CancellationToken ct = default) => throw Boom();
        public Task<PracticeDetail?> PracticeAsync(string p, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<MedicineMeasure>> TopMedicinesAsync(Selection s, Metric m, int n, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<PracticeSummary>> SearchPracticesAsync(string t, int l, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken ct = default) => inner.MonthsAsync(ct);
        public Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken ct = default) => inner.RegionsAsync(ct);
        public Task<IReadOnlyList<PracticeArea>> AreasAsync(CancellationToken ct = default) => inner.AreasAsync(ct);
        public Task<IReadOnlyList<PracticeMeasure>> TopPerThousandPatientsAsync(Selection s, Metric m, int n, CancellationToken ct = default) => throw Boom();
        public Task<IReadOnlyList<YearMonth>> ListSizeMonthsAsync(CancellationToken ct = default) => inner.ListSizeMonthsAsync(ct);
    }

    [Fact]
    public async Task Map_WarehouseThrows_Is500ProblemDetailsWithoutInternals()
    {
        await using var app = await TestApp.StartAsync(new FakeWarehouse(new BrokenQueries(new FakeQueries(FakeDataset.Sample(3)))));
        using var response = await app.Client.GetAsync(new Uri("/api/map", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_WarehouseMomentarilyUnreachable_Is503WithRetryAfterAndNoInternals()
    {
        await using var app = await TestApp.StartAsync(new FakeWarehouse(new BrokenQueries(new FakeQueries(FakeDataset.Sample(3)), () => new TransientDbException())));
        using var response = await app.Client.GetAsync(new Uri("/api/map", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("try again shortly", body, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_DataVersionThrows_Is503ProblemDetails()
    {
        await using var app = await TestApp.StartAsync(new ThrowingVersionWarehouse());
        using var response = await app.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("hunter2", problem.ToString(), StringComparison.Ordinal);
    }

    private sealed class ThrowingVersionWarehouse() : RxAtlas.Warehouse.IWarehouse
    {
        private readonly FakeWarehouse _inner = new(new FakeQueries(new FakeDataset()));
        public string Engine => "fake";
        public string DisplayName => "dead";
        public IPrescribingQueries Queries => _inner.Queries;
        public RxAtlas.Warehouse.Runs.IRunStore Runs => _inner.Runs;
        public Task<long> DataVersionAsync(CancellationToken cancellationToken = default) => throw new IOException("Password=hunter2 refused");
        public Task MigrateAsync(CancellationToken cancellationToken = default) => _inner.MigrateAsync(cancellationToken);
        public Task<RxAtlas.Warehouse.LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default) => _inner.LoadMonthAsync(release, rowsRead, cancellationToken);
        public Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default) => _inner.UpsertReferenceAsync(data, cancellationToken);
        public Task<int> LoadListSizesAsync(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken = default) => _inner.LoadListSizesAsync(month, sizes, cancellationToken);
        public Task<IReadOnlyList<RxAtlas.Warehouse.CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default) => _inner.CheckAsync(month, cancellationToken);
        public Task PublishAsync(CancellationToken cancellationToken = default) => _inner.PublishAsync(cancellationToken);
        public Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default) => _inner.LoadedMonthsAsync(cancellationToken);
        public Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default) => _inner.PostcodesWithoutLocationAsync(cancellationToken);
        public Task QueryAsync(string sql, Func<System.Data.Common.DbDataReader, Task> consume, CancellationToken cancellationToken = default) => _inner.QueryAsync(sql, consume, cancellationToken);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
