-- Version 5 (the same as DuckDB's DuckDbSchema version 5): the failure notification last sent for each DAG and month, so
-- every process (a `rxatlas run` from cron, a restarted `rxatlas schedule`) sends the same failure at most once a day
-- (RxAtlas.Warehouse.Runs.SqlRunStore). Only a table added: builds that know version 4 still read the warehouse
-- (min_reader_version stays 4).
CREATE TABLE IF NOT EXISTS meta.notified_failures (
    dag         TEXT COLLATE "C" NOT NULL,
    month_key   INTEGER          NOT NULL,
    error       TEXT COLLATE "C" NOT NULL,
    notified_at TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (dag, month_key)
);
