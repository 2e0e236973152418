using System.Data.Common;
using System.Globalization;
using RxAtlas.Warehouse.DuckDb;
using RxAtlas.Warehouse.Postgres;

namespace RxAtlas.Warehouse.Tests.Postgres;

/// <summary>A fresh DuckDB warehouse and a fresh PostgreSQL warehouse side by side, for running the same operations on both
/// and comparing what comes back.</summary>
public sealed class ParityPair : IAsyncDisposable
{
    private readonly string _folder;
    private readonly PostgresTestDatabase _database;

    private ParityPair(string folder, PostgresTestDatabase database, DuckDbWarehouse duck, PostgresWarehouse postgres)
    {
        _folder = folder;
        _database = database;
        Duck = duck;
        Postgres = postgres;
    }

    public DuckDbWarehouse Duck { get; }

    public PostgresWarehouse Postgres { get; }

    public IEnumerable<IWarehouse> Both => [Duck, Postgres];

    public static async Task<ParityPair> CreateAsync()
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "rxatlas-parity", Guid.NewGuid().ToString("N"));
        var pair = new ParityPair(folder, database,
            new DuckDbWarehouse(Path.Combine(folder, "parity.duckdb"), new DuckDbWarehouseOptions { TimeProvider = LoadClock.Instance }),
            new PostgresWarehouse(database.Url, new PostgresWarehouseOptions { TimeProvider = LoadClock.Instance }));
        await pair.Duck.MigrateAsync();
        await pair.Postgres.MigrateAsync();
        return pair;
    }

    /// <summary>Runs <paramref name="work"/> on DuckDB, then on PostgreSQL.</summary>
    public async Task<(T Duck, T Postgres)> OnBothAsync<T>(Func<IWarehouse, Task<T>> work) => (await work(Duck), await work(Postgres));

    public async Task OnBothAsync(Func<IWarehouse, Task> work)
    {
        await work(Duck);
        await work(Postgres);
    }

    /// <summary>Runs <paramref name="work"/> on both engines and asserts both threw the same exception type, month and message.</summary>
    public async Task<(Exception Duck, Exception Postgres)> BothThrowAlikeAsync(Func<IWarehouse, Task> work)
    {
        var duck = await Record.ExceptionAsync(() => work(Duck));
        var postgres = await Record.ExceptionAsync(() => work(Postgres));
        Assert.NotNull(duck);
        Assert.NotNull(postgres);
        Assert.Equal(duck.GetType(), postgres.GetType());
        if (duck is LoadFailedException d && postgres is LoadFailedException p)
        {
            Assert.Equal(d.Month, p.Month);
            Assert.Equal(d.Message, p.Message);
            Assert.Equal(d.InnerException?.GetType(), p.InnerException?.GetType());
            Assert.Equal(d.Checks, p.Checks);
        }
        return (duck, postgres);
    }

    /// <summary>Column names and every row (as engine-neutral text, sorted) of a query, on one engine.</summary>
    public static async Task<(IReadOnlyList<string> Columns, IReadOnlyList<string> Rows)> TableAsync(IWarehouse warehouse, string sql)
    {
        var columns = new List<string>();
        var rows = new List<string>();
        await warehouse.QueryAsync(sql, async reader =>
        {
            columns.AddRange(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            while (await reader.ReadAsync()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader, i))));
        });
        rows.Sort(StringComparer.Ordinal);
        return (columns, rows);
    }

    /// <summary>One value in a form both engines' ADO.NET types agree on (int vs long, DateOnly vs DateTime, decimal scale).</summary>
    private static string Cell(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i)) return "∅";
        return reader.GetValue(i) switch
        {
            DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            DateOnly d => d.ToDateTime(TimeOnly.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            decimal m => m.ToString("0.############################", CultureInfo.InvariantCulture),
            double f => f.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            sbyte or byte or short or ushort or int or uint or long or ulong or System.Numerics.BigInteger => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!,
            var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <summary>One wall-clock time for both engines, so what loads record (<c>meta.loads.loaded_at</c>, the <c>months</c>
    /// view) compares equal; timestamps and so elapsed times stay real.</summary>
    private sealed class LoadClock : TimeProvider
    {
        public static LoadClock Instance { get; } = new();

        public override DateTimeOffset GetUtcNow() => new(2026, 11, 25, 3, 30, 15, 123, TimeSpan.Zero);
    }

    public async ValueTask DisposeAsync()
    {
        await Duck.DisposeAsync();
        await Postgres.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
