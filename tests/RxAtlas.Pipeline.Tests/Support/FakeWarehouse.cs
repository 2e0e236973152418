using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Warehouse;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Pipeline.Tests.Support;

/// <summary>An IWarehouse that records what was asked of it; loads stream the release's rows like a real one.</summary>
internal sealed partial class FakeWarehouse : IWarehouse
{
    private readonly ConcurrentQueue<string> _calls = new();

    public HashSet<YearMonth> Loaded { get; } = [];

    public List<ReferenceData> Upserts { get; } = [];

    public List<CheckResult> CheckResults { get; } = [];

    public List<string> MissingPostcodes { get; } = [];

    /// <summary>Throws from the next load instead of loading (then clears itself).</summary>
    public Exception? FailNextLoad { get; set; }

    public IReadOnlyList<string> Calls => [.. _calls];

    public string Engine => "fake";

    public string DisplayName => "fake warehouse";

    public IPrescribingQueries Queries => throw new NotSupportedException();

    public IRunStore Runs { get; } = new InMemoryRunStore();

    public Task MigrateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue($"load {release.Month}");
        if (FailNextLoad is { } failure)
        {
            FailNextLoad = null;
            throw failure;
        }

        var totals = SourceTotals.Empty;
        foreach (var row in release.ReadPrescribing()) totals = totals.Add(row);
        lock (Loaded) Loaded.Add(release.Month);
        return Task.FromResult(new LoadReport(release.Month, totals.Rows, totals.Rows, totals, [], TimeSpan.Zero));
    }

    /// <summary>List-size loads, in call order.</summary>
    public List<(YearMonth Month, IReadOnlyCollection<PracticeListSize> Sizes)> ListSizeLoads { get; } = [];

    public Task<int> LoadListSizesAsync(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue("listsizes");
        lock (ListSizeLoads) ListSizeLoads.Add((month, sizes));
        return Task.FromResult(sizes.Count);
    }

    public Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue("upsert");
        lock (Upserts) Upserts.Add(data);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue($"check {month}");
        return Task.FromResult<IReadOnlyList<CheckResult>>([.. CheckResults]);
    }

    public Task PublishAsync(CancellationToken cancellationToken = default)
    {
        _calls.Enqueue("publish");
        return Task.CompletedTask;
    }

    public Task<long> DataVersionAsync(CancellationToken cancellationToken = default) => Task.FromResult(7L);

    public Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default)
    {
        lock (Loaded) return Task.FromResult<IReadOnlyList<YearMonth>>([.. Loaded.Order()]);
    }

    public Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default)
    {
        _calls.Enqueue("postcodes without location");
        return Task.FromResult<IReadOnlyList<string>>([.. MissingPostcodes]);
    }

    /// <summary>Answers only the monthly DAG's question "which list sizes does the warehouse hold for the month", from the
    /// month's last list-size load; any other SQL is not supported.</summary>
    public async Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default)
    {
        var match = ListSizesQuery().Match(sql);
        if (!match.Success) throw new NotSupportedException(sql);
        var month = new YearMonth(int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture));
        using var table = new DataTable();
        table.Columns.Add("practice_code", typeof(string));
        table.Columns.Add("patients", typeof(int));
        lock (ListSizeLoads)
        {
            var last = ListSizeLoads.LastOrDefault(l => l.Month == month).Sizes ?? [];
            foreach (var size in last) table.Rows.Add(size.PracticeCode, size.Patients);
        }
        await using var reader = table.CreateDataReader();
        await consume(reader);
    }

    [GeneratedRegex(@"^SELECT practice_code, patients FROM list_sizes WHERE month = DATE '(?<y>\d{4})-(?<m>\d{2})-01'$")]
    private static partial Regex ListSizesQuery();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
