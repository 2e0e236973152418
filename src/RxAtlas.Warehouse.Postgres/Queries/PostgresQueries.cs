using Npgsql;
using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;

namespace RxAtlas.Warehouse.Postgres.Queries;

/// <summary>The read side, on PostgreSQL. (Placeholder until the engine-neutral query SQL lands.)</summary>
internal sealed class PostgresQueries(NpgsqlDataSource dataSource) : IPrescribingQueries
{
    private readonly NpgsqlDataSource _dataSource = dataSource;

    public Task<IReadOnlyList<PracticeMeasure>> MapAsync(Selection selection, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<MonthMeasure>> TimeSeriesAsync(Selection selection, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<PracticeMeasure>> TopAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<BnfNode>> SearchBnfAsync(string text, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<BnfNode>> BnfChildrenAsync(string code, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<PracticeDetail?> PracticeAsync(string practiceCode, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<MedicineMeasure>> TopMedicinesAsync(Selection selection, Metric metric, int n, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<PracticeSummary>> SearchPracticesAsync(string text, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<YearMonth>> MonthsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Region>> RegionsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
