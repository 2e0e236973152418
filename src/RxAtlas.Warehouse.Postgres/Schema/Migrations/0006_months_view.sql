-- Version 6 (the same as DuckDB's DuckDbSchema version 6): the documented view `months`, one row per loaded month with its
-- calendar and NHS financial-year (April–March) labels and what its load recorded. Only adds a view, so
-- min_reader_version stays 4 (PostgresMigrator.MinReaderVersion).
-- View: the same text as RxAtlas.Warehouse.Sql.WarehouseSql.MonthsView.
CREATE OR REPLACE VIEW months AS
SELECT m.month, m.year, m.month_of_year, m.quarter AS calendar_quarter, m.financial_year,
       CASE WHEN m.month_of_year BETWEEN 4 AND 6 THEN 1 WHEN m.month_of_year BETWEEN 7 AND 9 THEN 2
            WHEN m.month_of_year BETWEEN 10 AND 12 THEN 3 ELSE 4 END AS financial_quarter,
       l.dataset, l.source AS source_files, l.source_rows, l.fact_rows, l.loaded_at
FROM dim_month m
JOIN meta.loads l ON l.month_key = m.month_key;
