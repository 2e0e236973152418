-- RxAtlas warehouse, PostgreSQL engine: the star schema, run history and the documented views.
-- Measures are stored as exact scaled integers (see RxAtlas.Core.Scale); the views present them as NUMERIC.

CREATE TABLE dim_month (
    month_key  INTEGER PRIMARY KEY,          -- yyyyMM
    month      DATE    NOT NULL UNIQUE       -- first day of the month
);

CREATE TABLE dim_practice (
    practice_key    INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    practice_code   TEXT    NOT NULL UNIQUE,
    name            TEXT,
    address         TEXT,
    postcode        TEXT,
    region_code     TEXT,
    region_name     TEXT,
    icb_code        TEXT,
    icb_name        TEXT,
    sub_icb_code    TEXT,
    sub_icb_name    TEXT,
    setting         TEXT,
    status          TEXT,
    is_unidentified BOOLEAN NOT NULL
);

CREATE TABLE dim_bnf (
    bnf_key           INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    presentation_code TEXT NOT NULL UNIQUE,
    presentation      TEXT,
    product_code      TEXT,
    product           TEXT,
    chemical_code     TEXT,
    chemical          TEXT,
    subparagraph_code TEXT,
    subparagraph      TEXT,
    paragraph_code    TEXT,
    paragraph         TEXT,
    section_code      TEXT,
    section           TEXT,
    chapter_code      TEXT,
    chapter           TEXT
);

CREATE TABLE dim_postcode (
    postcode_key TEXT PRIMARY KEY,           -- upper case, no spaces
    postcode     TEXT NOT NULL,              -- display form
    latitude     DOUBLE PRECISION,
    longitude    DOUBLE PRECISION,
    county       TEXT,
    region_code  TEXT,
    region_name  TEXT,
    icb_code     TEXT,
    icb_name     TEXT,
    sub_icb_code TEXT,
    sub_icb_name TEXT
);

-- One row per month × practice × presentation. Partitioned by month: a load creates or truncates its month's
-- partition inside the load transaction. Rows are inserted in bnf_key order.
CREATE TABLE fact_prescribing (
    month_key      INTEGER NOT NULL,
    practice_key   INTEGER NOT NULL,
    bnf_key        INTEGER NOT NULL,
    items          BIGINT  NOT NULL,
    quantity_milli BIGINT  NOT NULL,
    nic_pence      BIGINT  NOT NULL,
    actual_cost_e5 BIGINT  NOT NULL
) PARTITION BY LIST (month_key);

CREATE INDEX fact_prescribing_bnf ON fact_prescribing (bnf_key);

-- What each month load read, for reconciliation and lineage.
CREATE TABLE meta.loads (
    month_key      INTEGER PRIMARY KEY,
    source         TEXT        NOT NULL,
    source_rows    BIGINT      NOT NULL,
    fact_rows      BIGINT      NOT NULL,
    items          BIGINT      NOT NULL,
    quantity_milli BIGINT      NOT NULL,
    nic_pence      BIGINT      NOT NULL,
    actual_cost_e5 BIGINT      NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE meta.check_results (
    check_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT        NOT NULL,
    severity   TEXT        NOT NULL,
    passed     BOOLEAN     NOT NULL,
    month_key  INTEGER,
    detail     TEXT        NOT NULL,
    value      NUMERIC,
    checked_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE meta.data_version (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    version      BIGINT      NOT NULL,
    published_at TIMESTAMPTZ
);
INSERT INTO meta.data_version (id, version) VALUES (1, 0);

CREATE TABLE meta.dag_runs (
    run_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dag       TEXT        NOT NULL,
    month_key INTEGER,
    trigger   TEXT        NOT NULL,
    started   TIMESTAMPTZ NOT NULL,
    ended     TIMESTAMPTZ,
    state     TEXT        NOT NULL,
    error     TEXT
);

CREATE TABLE meta.task_instances (
    run_id        BIGINT      NOT NULL REFERENCES meta.dag_runs (run_id),
    task_id       TEXT        NOT NULL,
    try_number    INTEGER     NOT NULL,
    started       TIMESTAMPTZ NOT NULL,
    ended         TIMESTAMPTZ,
    state         TEXT        NOT NULL,
    error         TEXT,
    rows_affected BIGINT,
    log           TEXT[]      NOT NULL,
    PRIMARY KEY (run_id, task_id, try_number)
);

-- Rollups the web app reads, rebuilt by PublishAsync: per month × practice × BNF chapter.
CREATE TABLE rollup_practice_chapter (
    month_key      INTEGER NOT NULL,
    practice_key   INTEGER NOT NULL,
    chapter_code   TEXT    NOT NULL,
    items          BIGINT  NOT NULL,
    quantity_milli BIGINT  NOT NULL,
    nic_pence      BIGINT  NOT NULL,
    actual_cost_e5 BIGINT  NOT NULL,
    PRIMARY KEY (month_key, practice_key, chapter_code)
);

-- The documented SQL surface.
CREATE VIEW prescribing AS
SELECT m.month,
       p.practice_code,
       b.presentation_code                                     AS bnf_code,
       f.items,
       (f.quantity_milli::NUMERIC / 1000)::NUMERIC(18, 3)      AS quantity,
       (f.nic_pence::NUMERIC / 100)::NUMERIC(18, 2)            AS nic,
       (f.actual_cost_e5::NUMERIC / 100000)::NUMERIC(18, 5)    AS actual_cost
FROM fact_prescribing f
JOIN dim_month m USING (month_key)
JOIN dim_practice p USING (practice_key)
JOIN dim_bnf b USING (bnf_key);

CREATE VIEW practices AS
SELECT p.practice_code,
       p.name,
       p.address,
       p.postcode,
       pc.latitude,
       pc.longitude,
       COALESCE(p.region_code, pc.region_code)   AS region_code,
       COALESCE(p.region_name, pc.region_name)   AS region_name,
       COALESCE(p.icb_code, pc.icb_code)         AS icb_code,
       COALESCE(p.icb_name, pc.icb_name)         AS icb_name,
       COALESCE(p.sub_icb_code, pc.sub_icb_code) AS sub_icb_code,
       COALESCE(p.sub_icb_name, pc.sub_icb_name) AS sub_icb_name,
       p.setting,
       p.status,
       p.is_unidentified
FROM dim_practice p
LEFT JOIN dim_postcode pc ON pc.postcode_key = replace(upper(p.postcode), ' ', '');

CREATE VIEW bnf AS
SELECT presentation_code, presentation, product_code, product, chemical_code, chemical,
       subparagraph_code, subparagraph, paragraph_code, paragraph, section_code, section, chapter_code, chapter
FROM dim_bnf;
