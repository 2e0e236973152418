using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>How a <see cref="DuckDbWarehouse"/> opens its file.</summary>
public sealed record DuckDbWarehouseOptions
{
    /// <summary>Opens the file read-only (several processes may then read it at once; none may write). Mutating calls throw.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Holds one connection open for the warehouse's lifetime so the database (and its file lock) stays loaded
    /// between calls. When false, the file is released whenever no call is running, so another process can open it between
    /// calls (each call then pays to reopen the file).</summary>
    public bool KeepDatabaseOpen { get; init; } = true;

    /// <summary>Recorded on DAG runs so abandoned runs can be detected; defaults to this process.</summary>
    public RunOwner? RunOwner { get; init; }

    /// <summary>Clock for load and check timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
