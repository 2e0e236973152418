-- Version 4 (the same as DuckDB's DuckDbSchema version 4):
-- * dim_practice.attributes_month / dim_bnf.attributes_month: the month (yyyyMM) a practice's attributes, or a
--   presentation's name, came from; a month's load replaces them only when it is at least as recent, so reloading history
--   never overwrites newer attributes. Null (every row stored before this version, and rows only reference files
--   described) ranks below every month.
-- * meta.loads.dataset: PDPI or EPD, so a load that replaces a month loaded from the other dataset can say so. Null for
--   loads recorded before this version.
-- * Sub-ICB codes in their ODS form: EPD's PCO_CODE appends 00 to a three-character code (00P00 -> 00P); five real
--   characters (W2U3Z) are kept. The same rule as RxAtlas.Warehouse.Loading.SubIcbCodes.
-- * Level names (BNF) and region/ICB/sub-ICB names (practices) a row lacks are filled from another row with the same code,
--   as every upsert now does (WarehouseWriter.FillBnfLevelNamesAsync / FillPracticeGeographyNamesAsync).
ALTER TABLE dim_practice ADD COLUMN IF NOT EXISTS attributes_month INTEGER;
ALTER TABLE dim_bnf ADD COLUMN IF NOT EXISTS attributes_month INTEGER;
ALTER TABLE meta.loads ADD COLUMN IF NOT EXISTS dataset TEXT COLLATE "C";

UPDATE dim_practice SET sub_icb_code = SUBSTR(sub_icb_code, 1, 3)
WHERE LENGTH(sub_icb_code) = 5 AND SUBSTR(sub_icb_code, 4, 2) = '00';

UPDATE dim_practice SET region_name = n.name
FROM (SELECT code, name FROM (
          SELECT region_code AS code, region_name AS name, ROW_NUMBER() OVER (PARTITION BY region_code ORDER BY region_name) AS r
          FROM dim_practice WHERE region_code IS NOT NULL AND region_name IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_practice.region_name IS NULL AND dim_practice.region_code = n.code;

UPDATE dim_practice SET icb_name = n.name
FROM (SELECT code, name FROM (
          SELECT icb_code AS code, icb_name AS name, ROW_NUMBER() OVER (PARTITION BY icb_code ORDER BY icb_name) AS r
          FROM dim_practice WHERE icb_code IS NOT NULL AND icb_name IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_practice.icb_name IS NULL AND dim_practice.icb_code = n.code;

UPDATE dim_practice SET sub_icb_name = n.name
FROM (SELECT code, name FROM (
          SELECT sub_icb_code AS code, sub_icb_name AS name, ROW_NUMBER() OVER (PARTITION BY sub_icb_code ORDER BY sub_icb_name) AS r
          FROM dim_practice WHERE sub_icb_code IS NOT NULL AND sub_icb_name IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_practice.sub_icb_name IS NULL AND dim_practice.sub_icb_code = n.code;

UPDATE dim_bnf SET product = n.name
FROM (SELECT code, name FROM (
          SELECT product_code AS code, product AS name, ROW_NUMBER() OVER (PARTITION BY product_code ORDER BY product) AS r
          FROM dim_bnf WHERE product_code IS NOT NULL AND product IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_bnf.product IS NULL AND dim_bnf.product_code = n.code;

UPDATE dim_bnf SET chemical = n.name
FROM (SELECT code, name FROM (
          SELECT chemical_code AS code, chemical AS name, ROW_NUMBER() OVER (PARTITION BY chemical_code ORDER BY chemical) AS r
          FROM dim_bnf WHERE chemical_code IS NOT NULL AND chemical IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_bnf.chemical IS NULL AND dim_bnf.chemical_code = n.code;

UPDATE dim_bnf SET subparagraph = n.name
FROM (SELECT code, name FROM (
          SELECT subparagraph_code AS code, subparagraph AS name, ROW_NUMBER() OVER (PARTITION BY subparagraph_code ORDER BY subparagraph) AS r
          FROM dim_bnf WHERE subparagraph_code IS NOT NULL AND subparagraph IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_bnf.subparagraph IS NULL AND dim_bnf.subparagraph_code = n.code;

UPDATE dim_bnf SET paragraph = n.name
FROM (SELECT code, name FROM (
          SELECT paragraph_code AS code, paragraph AS name, ROW_NUMBER() OVER (PARTITION BY paragraph_code ORDER BY paragraph) AS r
          FROM dim_bnf WHERE paragraph_code IS NOT NULL AND paragraph IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_bnf.paragraph IS NULL AND dim_bnf.paragraph_code = n.code;

UPDATE dim_bnf SET section = n.name
FROM (SELECT code, name FROM (
          SELECT section_code AS code, section AS name, ROW_NUMBER() OVER (PARTITION BY section_code ORDER BY section) AS r
          FROM dim_bnf WHERE section_code IS NOT NULL AND section IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_bnf.section IS NULL AND dim_bnf.section_code = n.code;

UPDATE dim_bnf SET chapter = n.name
FROM (SELECT code, name FROM (
          SELECT chapter_code AS code, chapter AS name, ROW_NUMBER() OVER (PARTITION BY chapter_code ORDER BY chapter) AS r
          FROM dim_bnf WHERE chapter_code IS NOT NULL AND chapter IS NOT NULL) k
      WHERE r = 1) n
WHERE dim_bnf.chapter IS NULL AND dim_bnf.chapter_code = n.code;
