-- RxAtlas warehouse, PostgreSQL engine: the star schema, run history and the documented views.
-- Measures are stored as exact scaled integers (see RxAtlas.Core.Scale); the views present them as NUMERIC.

-- Same tables, columns and types as the DuckDB engine (RxAtlas.Warehouse.DuckDb.DuckDbSchema), in PostgreSQL's spelling.
-- Every TEXT column is COLLATE "C": ordering and comparison are bytewise like DuckDB's, whatever the database's default
-- collation (so ORDER BY and prefix ranges give identical results on both engines).
CREATE TABLE meta.info (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
INSERT INTO meta.info (key, value) VALUES ('schema_version', '1'), ('data_version', '0');

CREATE TABLE dim_month (
    month_key      INTEGER PRIMARY KEY,      -- yyyyMM
    month          DATE    NOT NULL,         -- first day
    year           INTEGER NOT NULL,
    month_of_year  INTEGER NOT NULL,
    quarter        INTEGER NOT NULL,
    financial_year TEXT COLLATE "C"    NOT NULL          -- NHS April–March year, e.g. 2019/20
);

CREATE TABLE dim_practice (
    practice_key    INTEGER PRIMARY KEY,     -- dense, MAX + 1 in code order
    practice_code   TEXT COLLATE "C"    NOT NULL UNIQUE,
    name            TEXT COLLATE "C",
    address         TEXT COLLATE "C",
    postcode        TEXT COLLATE "C",
    region_code     TEXT COLLATE "C",
    region_name     TEXT COLLATE "C",
    icb_code        TEXT COLLATE "C",
    icb_name        TEXT COLLATE "C",
    sub_icb_code    TEXT COLLATE "C",
    sub_icb_name    TEXT COLLATE "C",
    setting         TEXT COLLATE "C",
    status          TEXT COLLATE "C",
    is_unidentified BOOLEAN NOT NULL
);

CREATE TABLE dim_bnf (
    bnf_key           INTEGER PRIMARY KEY,       -- sparse, in code order (SparseKeyAllocator)
    bnf_code          TEXT COLLATE "C" NOT NULL UNIQUE,      -- presentation code
    presentation      TEXT COLLATE "C",
    product_code      TEXT COLLATE "C",
    product           TEXT COLLATE "C",
    chemical_code     TEXT COLLATE "C",
    chemical          TEXT COLLATE "C",
    subparagraph_code TEXT COLLATE "C",
    subparagraph      TEXT COLLATE "C",
    paragraph_code    TEXT COLLATE "C",
    paragraph         TEXT COLLATE "C",
    section_code      TEXT COLLATE "C",
    section           TEXT COLLATE "C",
    chapter_code      TEXT COLLATE "C",
    chapter           TEXT COLLATE "C"
);

CREATE TABLE dim_postcode (
    postcode     TEXT COLLATE "C" PRIMARY KEY,           -- display form (Postcode.Normalise), as dim_practice.postcode
    latitude     DOUBLE PRECISION,
    longitude    DOUBLE PRECISION,
    county       TEXT COLLATE "C",
    region_code  TEXT COLLATE "C",
    region_name  TEXT COLLATE "C",
    icb_code     TEXT COLLATE "C",
    icb_name     TEXT COLLATE "C",
    sub_icb_code TEXT COLLATE "C",
    sub_icb_name TEXT COLLATE "C"
);

-- One row per month × practice × presentation. Partitioned by month: a load creates or truncates its month's
-- partition inside the load transaction. Rows are inserted in bnf_key order.
CREATE TABLE fact_prescribing (
    month_key      INTEGER NOT NULL,
    practice_key   INTEGER NOT NULL,
    bnf_key        INTEGER NOT NULL,
    items          INTEGER NOT NULL,
    quantity_milli BIGINT  NOT NULL,         -- 1e-3 units
    nic_pence      BIGINT  NOT NULL,         -- 1e-2 £
    actual_cost_e5 BIGINT  NOT NULL          -- 1e-5 £
) PARTITION BY LIST (month_key);

-- BRIN, not B-tree: each partition is written once, sorted by bnf_key (keys follow code order), so block ranges map to
-- narrow key ranges; a BNF prefix becomes a key range that skips every other block, at almost no cost to the load.
CREATE INDEX fact_prescribing_bnf ON fact_prescribing USING brin (bnf_key) WITH (pages_per_range = 16);

-- What each month load read and must reconcile to (RxAtlas.Warehouse.Checking.MonthExpectation), for re-running checks.
CREATE TABLE meta.loads (
    month_key      INTEGER PRIMARY KEY,
    source         TEXT COLLATE "C"        NOT NULL,
    source_rows    BIGINT      NOT NULL,
    items          BIGINT      NOT NULL,
    quantity_milli BIGINT      NOT NULL,
    nic_pence      BIGINT      NOT NULL,
    actual_cost_e5 BIGINT      NOT NULL,
    staged_rows    BIGINT      NOT NULL,
    distinct_keys  BIGINT      NOT NULL,
    fact_rows      BIGINT      NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL,
    rolled_up      BOOLEAN     NOT NULL,    -- rollups rebuilt for this month (the load does it in its transaction)
    published_version BIGINT               -- data_version of the first publish after the load; null until then
);

CREATE TABLE meta.check_results (
    check_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month_key  INTEGER,
    name       TEXT COLLATE "C"        NOT NULL,
    severity   TEXT COLLATE "C"        NOT NULL,
    passed     BOOLEAN     NOT NULL,
    detail     TEXT COLLATE "C"        NOT NULL,
    value      NUMERIC(28, 10),
    checked_at TIMESTAMPTZ NOT NULL
);

-- Run history (RxAtlas.Warehouse.Runs.SqlRunStore): run ids are MAX + 1; task logs are JSON arrays of strings.
CREATE TABLE meta.dag_runs (
    run_id          BIGINT PRIMARY KEY,
    dag             TEXT COLLATE "C"        NOT NULL,
    month_key       INTEGER,
    trigger         TEXT COLLATE "C"        NOT NULL,
    started         TIMESTAMPTZ NOT NULL,
    ended           TIMESTAMPTZ,
    state           TEXT COLLATE "C"        NOT NULL,
    error           TEXT COLLATE "C",
    host            TEXT COLLATE "C",
    pid             INTEGER,
    process_started TIMESTAMPTZ
);

CREATE TABLE meta.task_instances (
    run_id        BIGINT      NOT NULL,
    task_id       TEXT COLLATE "C"        NOT NULL,
    try_number    INTEGER     NOT NULL,
    started       TIMESTAMPTZ NOT NULL,
    ended         TIMESTAMPTZ,
    state         TEXT COLLATE "C"        NOT NULL,
    error         TEXT COLLATE "C",
    rows_affected BIGINT,
    log           TEXT COLLATE "C"        NOT NULL,     -- JSON array of lines
    PRIMARY KEY (run_id, task_id, try_number)
);

-- Rollups the web app reads (shared SQL WarehouseSql.RebuildRollupsForMonth), rebuilt by each load for its month.
-- Partitioned by month like the fact, so a rebuild touches one month's partitions only.
CREATE TABLE rollup_practice_month (
    month_key      INTEGER NOT NULL,
    practice_key   INTEGER NOT NULL,
    items          BIGINT  NOT NULL,
    quantity_milli BIGINT  NOT NULL,
    nic_pence      BIGINT  NOT NULL,
    actual_cost_e5 BIGINT  NOT NULL
) PARTITION BY LIST (month_key);

CREATE TABLE rollup_bnf_practice_month (
    month_key      INTEGER NOT NULL,
    level_length   INTEGER NOT NULL,
    bnf_prefix     TEXT COLLATE "C"    NOT NULL,
    practice_key   INTEGER NOT NULL,
    items          BIGINT  NOT NULL,
    quantity_milli BIGINT  NOT NULL,
    nic_pence      BIGINT  NOT NULL,
    actual_cost_e5 BIGINT  NOT NULL
) PARTITION BY LIST (month_key);
-- Rows go in sorted by (level_length, bnf_prefix, practice_key), so BRIN skips all but the prefix's blocks.
CREATE INDEX rollup_bnf_practice_month_prefix ON rollup_bnf_practice_month USING brin (level_length, bnf_prefix) WITH (pages_per_range = 8);

-- Views: the same text as RxAtlas.Warehouse.Sql.WarehouseSql (engine-neutral), so both engines present identical columns.
CREATE OR REPLACE VIEW practice_location AS
SELECT p.practice_key, p.practice_code, p.name, p.address, p.postcode,
       pc.latitude, pc.longitude, pc.county,
       CASE WHEN pc.region_code IS NOT NULL THEN pc.region_code ELSE p.region_code END AS region_code,
       CASE WHEN pc.region_code IS NOT NULL THEN pc.region_name ELSE p.region_name END AS region_name,
       CASE WHEN pc.icb_code IS NOT NULL THEN pc.icb_code ELSE p.icb_code END AS icb_code,
       CASE WHEN pc.icb_code IS NOT NULL THEN pc.icb_name ELSE p.icb_name END AS icb_name,
       CASE WHEN pc.sub_icb_code IS NOT NULL THEN pc.sub_icb_code ELSE p.sub_icb_code END AS sub_icb_code,
       CASE WHEN pc.sub_icb_code IS NOT NULL THEN pc.sub_icb_name ELSE p.sub_icb_name END AS sub_icb_name,
       p.setting, p.status, p.is_unidentified
FROM dim_practice p
LEFT JOIN dim_postcode pc ON pc.postcode = p.postcode;

CREATE OR REPLACE VIEW practices AS
SELECT practice_code, name, address, postcode, latitude, longitude, county,
       region_code, region_name, icb_code, icb_name, sub_icb_code, sub_icb_name, setting, status, is_unidentified
FROM practice_location;

CREATE OR REPLACE VIEW bnf AS
SELECT bnf_code, presentation, product_code, product, chemical_code, chemical, subparagraph_code, subparagraph,
       paragraph_code, paragraph, section_code, section, chapter_code, chapter
FROM dim_bnf;

CREATE OR REPLACE VIEW prescribing AS
SELECT m.month, p.practice_code, b.bnf_code, f.items,
       CAST(CAST(f.quantity_milli AS DECIMAL(18,0)) * 0.001 AS DECIMAL(18,3)) AS quantity,
       CAST(CAST(f.nic_pence AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)) AS nic,
       CAST(CAST(f.actual_cost_e5 AS DECIMAL(18,0)) * 0.00001 AS DECIMAL(18,5)) AS actual_cost
FROM fact_prescribing f
JOIN dim_month m ON m.month_key = f.month_key
JOIN dim_practice p ON p.practice_key = f.practice_key
JOIN dim_bnf b ON b.bnf_key = f.bnf_key;

CREATE OR REPLACE VIEW ungeocoded_practices AS
SELECT practice_code, name, postcode
FROM practice_location
WHERE latitude IS NULL AND NOT is_unidentified;
