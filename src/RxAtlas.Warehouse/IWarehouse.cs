using System.Data.Common;
using RxAtlas.Core;
using RxAtlas.Warehouse.Queries;
using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse;

/// <summary>A star-schema prescribing warehouse. DuckDB (embedded, the default) and PostgreSQL implement it identically.</summary>
/// <remarks>
/// Users see a stable SQL surface of views — <c>prescribing</c>, <c>practices</c>, <c>bnf</c> — whatever the physical layout.
/// Every mutating call is atomic: on any failure the warehouse is left exactly as it was.
/// </remarks>
public interface IWarehouse : IAsyncDisposable
{
    /// <summary><c>duckdb</c> or <c>postgres</c>.</summary>
    string Engine { get; }

    /// <summary>Where it is, safe to print: never contains a password.</summary>
    string DisplayName { get; }

    /// <summary>Creates or migrates the schema to the current version. Idempotent.</summary>
    /// <exception cref="WarehouseSchemaException">A newer build has upgraded the schema beyond this build's version: nothing
    /// is changed.</exception>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads (or reloads, replacing) one month atomically, running every check; error-level failures roll back
    /// and throw <see cref="LoadFailedException"/>.</summary>
    Task<LoadReport> LoadMonthAsync(IMonthRelease release, IProgress<long>? rowsRead = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces one month's practice list sizes (patients registered) atomically; practices and the month are added
    /// to the dimensions if new. Bumps <see cref="DataVersionAsync"/>. Returns the rows stored.</summary>
    /// <exception cref="ArgumentException">A size for another month, an invalid practice code, a negative count, or one
    /// practice with two different counts.</exception>
    Task<int> LoadListSizesAsync(YearMonth month, IReadOnlyCollection<PracticeListSize> sizes, CancellationToken cancellationToken = default);

    /// <summary>Upserts reference data on its own (a BNF file, a postcode lookup, an ODS practice file).</summary>
    Task UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default);

    /// <summary>Runs every check for one month, or for all loaded months, and records the results (unless the warehouse is
    /// open read-only: then they are only returned).</summary>
    Task<IReadOnlyList<CheckResult>> CheckAsync(YearMonth? month = null, CancellationToken cancellationToken = default);

    /// <summary>Marks the months loaded since the last publish as published and bumps <see cref="DataVersionAsync"/>, so caches
    /// refresh. (Each month's load writes its rollups in its own transaction, so nothing derived is left to rebuild.)</summary>
    Task PublishAsync(CancellationToken cancellationToken = default);

    /// <summary>A number that changes whenever published data changes; caches key on it.</summary>
    Task<long> DataVersionAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<YearMonth>> LoadedMonthsAsync(CancellationToken cancellationToken = default);

    /// <summary>Normalised postcodes of practices that have no location yet: the geocoder's to-do list.</summary>
    Task<IReadOnlyList<string>> PostcodesWithoutLocationAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs read-only SQL against the documented views and hands the reader to <paramref name="consume"/>.</summary>
    Task QueryAsync(string sql, Func<DbDataReader, Task> consume, CancellationToken cancellationToken = default);

    /// <summary>The parameterised queries the web app and API use.</summary>
    IPrescribingQueries Queries { get; }

    /// <summary>DAG run history, kept in the warehouse's metadata schema.</summary>
    IRunStore Runs { get; }
}
