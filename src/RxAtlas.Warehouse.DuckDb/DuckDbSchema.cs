using System.Data.Common;
using RxAtlas.Warehouse.Loading;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>The physical schema (DuckDB types) plus the shared views. Every statement is idempotent.</summary>
internal static class DuckDbSchema
{
    /// <summary>This build's schema version. 5 added <c>meta.notified_failures</c>, 6 the <c>months</c> view (PostgreSQL
    /// migrations 0005, 0006).</summary>
    public const int Version = 6;

    /// <summary>The oldest schema version a build must know to read a warehouse at <see cref="Version"/>. Leave it when a new
    /// version only adds (a column, a table, a view column); raise it to <see cref="Version"/> when builds that know the older
    /// version would misread or fail on the new one (a column renamed, dropped or given another meaning).</summary>
    public const int MinReaderVersion = 4; // versions 5 and 6 only added a table and a view: builds that know 4 still read them

    private static readonly string[] Tables =
    [
        "CREATE SCHEMA IF NOT EXISTS meta",
        "CREATE TABLE IF NOT EXISTS meta.info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS dim_month (
            month_key INTEGER PRIMARY KEY,  -- yyyyMM
            month DATE NOT NULL,            -- first day
            year INTEGER NOT NULL,
            month_of_year INTEGER NOT NULL,
            quarter INTEGER NOT NULL,
            financial_year VARCHAR NOT NULL -- NHS April–March year, e.g. 2019/20
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS dim_practice (
            practice_key INTEGER PRIMARY KEY,
            practice_code VARCHAR NOT NULL UNIQUE,
            name VARCHAR, address VARCHAR, postcode VARCHAR,  -- postcode in normalised display form
            region_code VARCHAR, region_name VARCHAR, icb_code VARCHAR, icb_name VARCHAR,
            sub_icb_code VARCHAR, sub_icb_name VARCHAR, setting VARCHAR, status VARCHAR,
            is_unidentified BOOLEAN NOT NULL,
            attributes_month INTEGER  -- version 4: yyyyMM the attributes came from; null: only reference files (or before version 4)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS dim_bnf (
            bnf_key INTEGER PRIMARY KEY,     -- order-preserving sparse key (SparseKeyAllocator)
            bnf_code VARCHAR NOT NULL UNIQUE,
            presentation VARCHAR, product_code VARCHAR, product VARCHAR, chemical_code VARCHAR, chemical VARCHAR,
            subparagraph_code VARCHAR, subparagraph VARCHAR, paragraph_code VARCHAR, paragraph VARCHAR,
            section_code VARCHAR, section VARCHAR, chapter_code VARCHAR, chapter VARCHAR,
            attributes_month INTEGER  -- version 4: yyyyMM the presentation name came from; null: the BNF code file's (or before version 4)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS dim_postcode (
            postcode VARCHAR PRIMARY KEY,    -- normalised display form (Core.Postcode.Normalise)
            latitude DOUBLE, longitude DOUBLE, county VARCHAR,
            region_code VARCHAR, region_name VARCHAR, icb_code VARCHAR, icb_name VARCHAR, sub_icb_code VARCHAR, sub_icb_name VARCHAR
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS fact_prescribing (
            month_key INTEGER NOT NULL,
            practice_key INTEGER NOT NULL,
            bnf_key INTEGER NOT NULL,
            items INTEGER NOT NULL,
            quantity_milli BIGINT NOT NULL,  -- 1e-3 units
            nic_pence BIGINT NOT NULL,       -- 1e-2 £
            actual_cost_e5 BIGINT NOT NULL   -- 1e-5 £
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS fact_list_size (  -- version 2: patients registered at a practice on the 1st of the month
            month_key INTEGER NOT NULL,
            practice_key INTEGER NOT NULL,
            patients INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS rollup_practice_month (
            month_key INTEGER NOT NULL, practice_key INTEGER NOT NULL,
            items BIGINT NOT NULL, quantity_milli BIGINT NOT NULL, nic_pence BIGINT NOT NULL, actual_cost_e5 BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS rollup_bnf_practice_month (
            month_key INTEGER NOT NULL, level_length INTEGER NOT NULL, bnf_prefix VARCHAR NOT NULL, practice_key INTEGER NOT NULL,
            items BIGINT NOT NULL, quantity_milli BIGINT NOT NULL, nic_pence BIGINT NOT NULL, actual_cost_e5 BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS meta.loads (
            month_key INTEGER NOT NULL, source VARCHAR NOT NULL,
            source_rows BIGINT NOT NULL, items BIGINT NOT NULL, quantity_milli BIGINT NOT NULL, nic_pence BIGINT NOT NULL, actual_cost_e5 BIGINT NOT NULL,
            staged_rows BIGINT NOT NULL, distinct_keys BIGINT NOT NULL, fact_rows BIGINT NOT NULL,
            loaded_at TIMESTAMP NOT NULL,
            rolled_up BOOLEAN NOT NULL,    -- rollups rebuilt for this month (the load does it in its transaction)
            published_version BIGINT,     -- data_version of the first publish after the load; null until then
            dataset VARCHAR               -- version 4: PDPI or EPD; null for loads recorded before
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS meta.check_results (
            month_key INTEGER, name VARCHAR NOT NULL, severity VARCHAR NOT NULL, passed BOOLEAN NOT NULL,
            detail VARCHAR NOT NULL, value DECIMAL(28,10), checked_at TIMESTAMP NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS meta.dag_runs (
            run_id BIGINT PRIMARY KEY, dag VARCHAR NOT NULL, month_key INTEGER, trigger VARCHAR NOT NULL,
            started TIMESTAMP NOT NULL, ended TIMESTAMP, state VARCHAR NOT NULL, error VARCHAR,
            host VARCHAR, pid INTEGER, process_started TIMESTAMP
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS meta.task_instances (
            run_id BIGINT NOT NULL, task_id VARCHAR NOT NULL, try_number INTEGER NOT NULL,
            started TIMESTAMP NOT NULL, ended TIMESTAMP, state VARCHAR NOT NULL, error VARCHAR,
            rows_affected BIGINT, log VARCHAR NOT NULL  -- JSON array of lines
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS meta.notified_failures (  -- version 5: the failure last notified per DAG and month
            dag VARCHAR NOT NULL, month_key INTEGER NOT NULL, error VARCHAR NOT NULL, notified_at TIMESTAMP NOT NULL,
            PRIMARY KEY (dag, month_key)
        )
        """,
    ];

    /// <summary>Columns added after a table was first shipped: a file made by an older version gains them (null) here.</summary>
    private static readonly string[] AddedColumns =
    [
        "ALTER TABLE dim_practice ADD COLUMN IF NOT EXISTS attributes_month INTEGER",
        "ALTER TABLE dim_bnf ADD COLUMN IF NOT EXISTS attributes_month INTEGER",
        "ALTER TABLE meta.loads ADD COLUMN IF NOT EXISTS dataset VARCHAR",
    ];

    public static async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in Tables.Concat(AddedColumns))
            await connection.ExecuteAsync(statement, transaction, cancellationToken).ConfigureAwait(false);
        var stored = await new SqlText(DuckDbDialect.Instance).Append("SELECT CAST(value AS INTEGER) FROM meta.info WHERE key = 'schema_version'")
            .ListAsync(connection, r => r.Int64(0), transaction, cancellationToken).ConfigureAwait(false);
        if (stored.Count == 1 && stored[0] < 4) await UpgradeToVersion4Async(connection, transaction, cancellationToken).ConfigureAwait(false);
        // Every migrate (re)creates the views, so a file of an older version gains the ones added since (version 6: months).
        foreach (var statement in WarehouseSql.Views)
            await connection.ExecuteAsync(statement, transaction, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync($"""
            INSERT INTO meta.info (key, value) SELECT 'schema_version', '{Version}' WHERE NOT EXISTS (SELECT 1 FROM meta.info WHERE key = 'schema_version');
            INSERT INTO meta.info (key, value) SELECT 'data_version', '0' WHERE NOT EXISTS (SELECT 1 FROM meta.info WHERE key = 'data_version');
            UPDATE meta.info SET value = '{Version}' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < {Version};
            """, transaction, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(SchemaVersion.RecordMinReaderVersionSql(MinReaderVersion), transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings a version 1–3 file's data to version 4's rules (as PostgreSQL's migration 0004 does): sub-ICB codes in
    /// their ODS form (<see cref="SubIcbCodes"/>), and the level and geography names a row lacks filled from another row with
    /// the same code. (The new columns are null: attributes stored before version 4 rank below every month.)</summary>
    private static async Task UpgradeToVersion4Async(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync($"UPDATE dim_practice SET sub_icb_code = {SubIcbCodes.NormaliseSql("sub_icb_code")} WHERE sub_icb_code IS NOT NULL",
            transaction, cancellationToken).ConfigureAwait(false);
        await WarehouseWriter.FillPracticeGeographyNamesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await WarehouseWriter.FillBnfLevelNamesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file's schema version, read without changing anything (works on a file opened read-only).</summary>
    public static async Task<SchemaVersion> ReadVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var tables = await connection.ScalarAsync(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'info'", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (Convert.ToInt64(tables, System.Globalization.CultureInfo.InvariantCulture) == 0) return new SchemaVersion(null, null, Version);
        var (found, minReader) = await SchemaVersion.ReadInfoAsync(connection, cancellationToken).ConfigureAwait(false);
        return new SchemaVersion(found, minReader, Version);
    }
}
