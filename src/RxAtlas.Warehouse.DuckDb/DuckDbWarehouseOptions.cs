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

    /// <summary>DuckDB's <c>memory_limit</c> for the database (its buffer pool: tables, hash tables, sorts); work beyond it
    /// spills to <c>&lt;file&gt;.tmp</c> next to the database file. The default keeps a full-size month load under 1 GB of
    /// resident memory whatever the file size; null leaves DuckDB's own default (80% of physical memory). Applies when the
    /// process first opens the file.</summary>
    public string? MemoryLimit { get; init; } = DefaultMemoryLimit;

    /// <summary>The default <see cref="MemoryLimit"/>.</summary>
    public const string DefaultMemoryLimit = "512MB";

    /// <summary>Recorded on DAG runs so abandoned runs can be detected; defaults to this process.</summary>
    public RunOwner? RunOwner { get; init; }

    /// <summary>Clock for load and check timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
