using RxAtlas.Warehouse.Runs;

namespace RxAtlas.Warehouse.Postgres;

/// <summary>How a <see cref="PostgresWarehouse"/> behaves (mirrors <c>DuckDbWarehouseOptions</c> where it applies).</summary>
public sealed record PostgresWarehouseOptions
{
    /// <summary>Whether first use applies missing migrations (the default, for commands that load). When false first use
    /// only reads the schema version (SELECT rights suffice) and throws <see cref="WarehouseSchemaException"/> unless this build
    /// can read it; writes then need the schema at exactly this build's version. An explicit
    /// <see cref="PostgresWarehouse.MigrateAsync"/> migrates either way.</summary>
    public bool Migrate { get; init; } = true;

    /// <summary>This process never writes: checks run but are not recorded, and mutating calls throw. With
    /// <see cref="Migrate"/> false, a role with only CONNECT, USAGE and SELECT can use every read.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Recorded on DAG runs so abandoned runs can be detected; defaults to this process.</summary>
    public RunOwner? RunOwner { get; init; }

    /// <summary>PostgreSQL <c>work_mem</c> for the load and publish transactions (sorting and grouping a month in memory
    /// instead of spilling to disk). A PostgreSQL memory size such as <c>256MB</c>.</summary>
    public string LoadWorkMem { get; init; } = "256MB";

    /// <summary>How many connections write a month's fact at once, each a BNF-key range (<c>Loading/FactPartCopy</c>). The COPY
    /// is the longest step of a load and one server process does each; more than the server's cores gains nothing.</summary>
    public int FactWriters { get; init; } = 2;

    /// <summary>Called before a write (a load, an upsert, a check, a publish) waits for another process's write to the same
    /// database, with a description of that writer (its server process id, application, client address, and state since when).
    /// The CLI prints it, so a load queued behind another does not look hung.</summary>
    public Action<string>? WaitingForWriter { get; init; }

    /// <summary>Clock for load and check timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
