using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>How a <see cref="DuckDbWarehouse"/> opens its file.</summary>
public sealed record DuckDbWarehouseOptions
{
    /// <summary>Opens the file read-only (several processes may then read it at once; none may write). Mutating calls throw.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Whether first use creates or upgrades the schema (the default, for commands that load). When false (and always
    /// when <see cref="ReadOnly"/>) first use only reads the schema version and throws <see cref="WarehouseSchemaException"/>
    /// unless this build can read it; writes then need the schema at exactly this build's version. An explicit
    /// <see cref="DuckDbWarehouse.MigrateAsync"/> migrates either way.</summary>
    public bool Migrate { get; init; } = true;

    /// <summary>Holds one connection open for the warehouse's lifetime so the database (and its file lock) stays loaded
    /// between calls. When false, the file is released whenever no call is running, so another process can open it between
    /// calls (each call then pays to reopen the file).</summary>
    public bool KeepDatabaseOpen { get; init; } = true;

    /// <summary>DuckDB's <c>memory_limit</c> (its buffer pool: tables, hash tables, sorts) for the whole database, set when the
    /// process first opens the file; null leaves DuckDB's default (80% of physical memory). A size such as <c>2GB</c>.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>The <c>memory_limit</c> while a month loads (database-wide for the load's duration, then restored): work beyond
    /// it spills to <c>&lt;file&gt;.tmp</c> next to the database file. The default keeps a full-size month load under 1 GB of
    /// resident memory whatever the file size; null loads under <see cref="MemoryLimit"/>. A size such as <c>256MB</c>.</summary>
    public string? LoadMemoryLimit { get; init; } = DefaultLoadMemoryLimit;

    /// <summary>The default <see cref="LoadMemoryLimit"/>.</summary>
    public const string DefaultLoadMemoryLimit = "256MB";

    /// <summary>Recorded on DAG runs so abandoned runs can be detected; defaults to this process.</summary>
    public RunOwner? RunOwner { get; init; }

    /// <summary>Clock for load and check timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
