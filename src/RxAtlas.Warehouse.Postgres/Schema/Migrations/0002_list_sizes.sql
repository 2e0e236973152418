-- Patient list sizes: patients registered at each practice as at the 1st of each month (NHS Digital
-- "Patients Registered at a GP Practice"), for per-1,000-patient rates. Small (one row per practice per month): not partitioned.
CREATE TABLE fact_list_size (
    month_key    INTEGER NOT NULL,
    practice_key INTEGER NOT NULL,
    patients     INTEGER NOT NULL,
    PRIMARY KEY (month_key, practice_key)
);

-- View: the same text as RxAtlas.Warehouse.Sql.WarehouseSql.ListSizesView.
CREATE OR REPLACE VIEW list_sizes AS
SELECT m.month, p.practice_code, l.patients
FROM fact_list_size l
JOIN dim_month m ON m.month_key = l.month_key
JOIN dim_practice p ON p.practice_key = l.practice_key;
