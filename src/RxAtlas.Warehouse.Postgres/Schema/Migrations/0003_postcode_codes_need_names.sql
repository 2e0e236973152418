-- A practice's region, ICB and sub-ICB come from its postcode's lookup only when the lookup gives both code and name, else
-- from the practice's own ODS codes: the ONS Postcode Directory gives ONS codes (E12 regions, E54 ICBs) without names, which
-- would mix another code system into the column and lose the practice's names. The same text as
-- RxAtlas.Warehouse.Sql.WarehouseSql.
CREATE OR REPLACE VIEW practice_location AS
SELECT p.practice_key, p.practice_code, p.name, p.address, p.postcode,
       pc.latitude, pc.longitude, pc.county,
       CASE WHEN pc.region_code IS NOT NULL AND pc.region_name IS NOT NULL THEN pc.region_code ELSE p.region_code END AS region_code,
       CASE WHEN pc.region_code IS NOT NULL AND pc.region_name IS NOT NULL THEN pc.region_name ELSE p.region_name END AS region_name,
       CASE WHEN pc.icb_code IS NOT NULL AND pc.icb_name IS NOT NULL THEN pc.icb_code ELSE p.icb_code END AS icb_code,
       CASE WHEN pc.icb_code IS NOT NULL AND pc.icb_name IS NOT NULL THEN pc.icb_name ELSE p.icb_name END AS icb_name,
       CASE WHEN pc.sub_icb_code IS NOT NULL AND pc.sub_icb_name IS NOT NULL THEN pc.sub_icb_code ELSE p.sub_icb_code END AS sub_icb_code,
       CASE WHEN pc.sub_icb_code IS NOT NULL AND pc.sub_icb_name IS NOT NULL THEN pc.sub_icb_name ELSE p.sub_icb_name END AS sub_icb_name,
       p.setting, p.status, p.is_unidentified
FROM dim_practice p
LEFT JOIN dim_postcode pc ON pc.postcode = p.postcode;
