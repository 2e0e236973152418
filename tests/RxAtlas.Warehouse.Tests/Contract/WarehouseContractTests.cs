using RxAtlas.Core;
using RxAtlas.Warehouse.Tests.TestData;

namespace RxAtlas.Warehouse.Tests.Contract;

/// <summary>
/// Behaviour every <see cref="IWarehouse"/> engine must show, identically. An engine's suite subclasses this and supplies a
/// fresh, empty warehouse from <see cref="CreateWarehouseAsync"/>; the PostgreSQL parity suite is meant to reuse it as is.
/// </summary>
public abstract partial class WarehouseContractTests : IAsyncLifetime
{
    protected static readonly YearMonth Month1 = new(2024, 1);
    protected static readonly YearMonth Month2 = new(2024, 2);

    private IWarehouse? _warehouse;

    /// <summary>The warehouse under test (fresh and migrated for each test).</summary>
    protected IWarehouse Warehouse => _warehouse ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Creates a new, empty warehouse of the engine under test.</summary>
    protected abstract Task<IWarehouse> CreateWarehouseAsync();

    /// <summary>SQL returning one month's fact <c>bnf_key</c>s in the order the engine stores them.</summary>
    protected abstract string StoredOrderSql(int monthKey);

    /// <summary>Opens another warehouse object over the same storage as <see cref="CreateWarehouseAsync"/>'s (as a later process
    /// would).</summary>
    protected abstract IWarehouse OpenSameStorage();

    /// <summary>Ends the current warehouse object, as its process ending would, and opens the same storage again (as the next
    /// process would).</summary>
    protected async Task ReopenAsync()
    {
        if (_warehouse is not null) await _warehouse.DisposeAsync();
        _warehouse = null;
        _warehouse = OpenSameStorage();
        await _warehouse.MigrateAsync();
    }

    /// <summary>Removes whatever <see cref="CreateWarehouseAsync"/> created (called after the warehouse is disposed).</summary>
    protected virtual Task DeleteWarehouseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _warehouse = await CreateWarehouseAsync();
        await _warehouse.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_warehouse is not null) await _warehouse.DisposeAsync();
        await DeleteWarehouseAsync();
    }

    /// <summary>Loads months 1 and 2 of the sample data and publishes; returns rows by month.</summary>
    protected async Task<IReadOnlyDictionary<YearMonth, IReadOnlyList<PrescribingRow>>> LoadSampleAsync()
    {
        var first = FakeMonths.Release(Month1, seed: 1);
        var second = FakeMonths.Release(Month2, seed: 2);
        await Warehouse.LoadMonthAsync(first);
        await Warehouse.LoadMonthAsync(second);
        await Warehouse.PublishAsync();
        return new Dictionary<YearMonth, IReadOnlyList<PrescribingRow>> { [Month1] = first.Rows, [Month2] = second.Rows };
    }

    /// <summary>Runs a query through <see cref="IWarehouse.QueryAsync"/> and returns every row's values.</summary>
    protected Task<List<object?[]>> RowsAsync(string sql) => WarehouseRows.ReadAsync(Warehouse, sql);

    protected static long Long(object? value) => Sql.DbExtensions.ToInt64(value!);
}
