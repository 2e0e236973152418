using System.Data.Common;
using DuckDB.NET.Data;
using RxAtlas.Core;
using RxAtlas.Warehouse.Keys;
using RxAtlas.Warehouse.Sql;

namespace RxAtlas.Warehouse.DuckDb;

/// <summary>Upserts the dimensions inside the caller's transaction: records are appended to temporary tables, then merged
/// with an UPDATE of existing rows followed by an INSERT of new ones (no row is ever deleted).</summary>
internal static class DuckDbDimensions
{
    /// <summary>Practices: new codes get the next dense keys; for existing practices every non-null incoming attribute
    /// replaces the stored one (a null never erases). Codes appear even with no attributes at all.</summary>
    public static async Task UpsertPracticesAsync(DuckDBConnection connection, DbTransaction transaction, IEnumerable<PracticeRecord> records, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PracticeRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var code = record.PracticeCode.Trim().ToUpperInvariant();
            if (code.Length == 0) continue;
            var normalised = record with { PracticeCode = code, Postcode = Postcode.Normalise(record.Postcode) };
            byCode[code] = byCode.TryGetValue(code, out var earlier) ? Merge(earlier, normalised) : normalised;
        }
        if (byCode.Count == 0) return;
        await connection.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE practice_in (practice_code VARCHAR, name VARCHAR, address VARCHAR, postcode VARCHAR,
                region_code VARCHAR, region_name VARCHAR, icb_code VARCHAR, icb_name VARCHAR, sub_icb_code VARCHAR, sub_icb_name VARCHAR,
                setting VARCHAR, status VARCHAR, is_unidentified BOOLEAN)
            """, transaction, cancellationToken).ConfigureAwait(false);
        using (var appender = DuckDbAppend.Temp(connection, "practice_in"))
        {
            foreach (var p in byCode.Values)
            {
                appender.CreateRow().Text(p.PracticeCode).Text(p.Name).Text(p.Address).Text(p.Postcode).Text(p.RegionCode).Text(p.RegionName)
                    .Text(p.IcbCode).Text(p.IcbName).Text(p.SubIcbCode).Text(p.SubIcbName).Text(p.Setting).Text(p.Status)
                    .AppendValue(p.IsUnidentified).EndRow();
            }
        }
        string[] columns = ["name", "address", "postcode", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name", "setting", "status"];
        await connection.ExecuteAsync($"""
            UPDATE dim_practice SET {string.Join(", ", columns.Select(c => $"{c} = COALESCE(s.{c}, dim_practice.{c})"))}
            FROM practice_in s WHERE s.practice_code = dim_practice.practice_code;
            INSERT INTO dim_practice (practice_key, practice_code, {string.Join(", ", columns)}, is_unidentified)
            SELECT (SELECT COALESCE(MAX(practice_key), 0) FROM dim_practice) + ROW_NUMBER() OVER (ORDER BY s.practice_code),
                   s.practice_code, {string.Join(", ", columns.Select(c => "s." + c))}, s.is_unidentified
            FROM practice_in s
            WHERE NOT EXISTS (SELECT 1 FROM dim_practice d WHERE d.practice_code = s.practice_code);
            DROP TABLE practice_in;
            """, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>BNF presentations: new codes get order-preserving sparse keys; presentation names are updated, every other
    /// level's code and name only fills a null. Codes with no record get the level codes derived from the code itself.</summary>
    public static async Task<SparseKeyAllocation> UpsertBnfAsync(DuckDBConnection connection, DbTransaction transaction, IEnumerable<BnfRecord> records,
        IEnumerable<string> codesSeen, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, BnfRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var code = record.PresentationCode.Trim().ToUpperInvariant();
            if (code.Length > 0) byCode[code] = record with { PresentationCode = code };
        }
        foreach (var seen in codesSeen)
        {
            var code = seen.Trim().ToUpperInvariant();
            if (code.Length > 0 && !byCode.ContainsKey(code)) byCode[code] = new BnfRecord(code, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        if (byCode.Count == 0) return new SparseKeyAllocation(new Dictionary<string, int>(), 0);

        var existing = await new SqlText(DuckDbDialect.Instance).Append("SELECT bnf_code, bnf_key FROM dim_bnf")
            .ListAsync(connection, r => KeyValuePair.Create(r.GetString(0), (int)r.Int64(1)), transaction, cancellationToken).ConfigureAwait(false);
        var allocation = SparseKeyAllocator.Allocate(existing, byCode.Keys);

        await connection.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE bnf_in (bnf_key INTEGER, is_new BOOLEAN, bnf_code VARCHAR, presentation VARCHAR, product_code VARCHAR, product VARCHAR,
                chemical_code VARCHAR, chemical VARCHAR, subparagraph_code VARCHAR, subparagraph VARCHAR, paragraph_code VARCHAR, paragraph VARCHAR,
                section_code VARCHAR, section VARCHAR, chapter_code VARCHAR, chapter VARCHAR)
            """, transaction, cancellationToken).ConfigureAwait(false);
        using (var appender = DuckDbAppend.Temp(connection, "bnf_in"))
        {
            foreach (var b in byCode.Values)
            {
                var isNew = allocation.Keys.TryGetValue(b.PresentationCode, out var key);
                string Level(string? given, BnfLevel level) => given ?? BnfCode.LevelCode(b.PresentationCode, level);
                appender.CreateRow().AppendValue(isNew ? key : 0).AppendValue(isNew).Text(b.PresentationCode).Text(b.Presentation)
                    .Text(Level(b.ProductCode, BnfLevel.Product)).Text(b.Product)
                    .Text(Level(b.ChemicalCode, BnfLevel.Chemical)).Text(b.Chemical)
                    .Text(Level(b.SubparagraphCode, BnfLevel.Subparagraph)).Text(b.Subparagraph)
                    .Text(Level(b.ParagraphCode, BnfLevel.Paragraph)).Text(b.Paragraph)
                    .Text(Level(b.SectionCode, BnfLevel.Section)).Text(b.Section)
                    .Text(Level(b.ChapterCode, BnfLevel.Chapter)).Text(b.Chapter)
                    .EndRow();
            }
        }
        string[] fill = ["product_code", "product", "chemical_code", "chemical", "subparagraph_code", "subparagraph", "paragraph_code", "paragraph",
            "section_code", "section", "chapter_code", "chapter"];
        await connection.ExecuteAsync($"""
            UPDATE dim_bnf SET presentation = COALESCE(s.presentation, dim_bnf.presentation),
                   {string.Join(", ", fill.Select(c => $"{c} = COALESCE(dim_bnf.{c}, s.{c})"))}
            FROM bnf_in s WHERE s.bnf_code = dim_bnf.bnf_code AND NOT s.is_new;
            INSERT INTO dim_bnf (bnf_key, bnf_code, presentation, {string.Join(", ", fill)})
            SELECT bnf_key, bnf_code, presentation, {string.Join(", ", fill)} FROM bnf_in WHERE is_new ORDER BY bnf_key;
            DROP TABLE bnf_in;
            """, transaction, cancellationToken).ConfigureAwait(false);
        return allocation;
    }

    /// <summary>Postcodes, keyed by normalised postcode: incoming non-null values replace stored ones.</summary>
    public static async Task UpsertPostcodesAsync(DuckDBConnection connection, DbTransaction transaction, IEnumerable<PostcodeLocation> records, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (Postcode.Normalise(record.Postcode) is { } code) byCode[code] = record with { Postcode = code };
        }
        if (byCode.Count == 0) return;
        await connection.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE postcode_in (postcode VARCHAR, latitude DOUBLE, longitude DOUBLE, county VARCHAR,
                region_code VARCHAR, region_name VARCHAR, icb_code VARCHAR, icb_name VARCHAR, sub_icb_code VARCHAR, sub_icb_name VARCHAR)
            """, transaction, cancellationToken).ConfigureAwait(false);
        using (var appender = DuckDbAppend.Temp(connection, "postcode_in"))
        {
            foreach (var p in byCode.Values)
            {
                appender.CreateRow().Text(p.Postcode).Number(p.Latitude).Number(p.Longitude).Text(p.County).Text(p.RegionCode).Text(p.RegionName)
                    .Text(p.IcbCode).Text(p.IcbName).Text(p.SubIcbCode).Text(p.SubIcbName).EndRow();
            }
        }
        string[] columns = ["latitude", "longitude", "county", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name"];
        await connection.ExecuteAsync($"""
            UPDATE dim_postcode SET {string.Join(", ", columns.Select(c => $"{c} = COALESCE(s.{c}, dim_postcode.{c})"))}
            FROM postcode_in s WHERE s.postcode = dim_postcode.postcode;
            INSERT INTO dim_postcode (postcode, {string.Join(", ", columns)})
            SELECT s.postcode, {string.Join(", ", columns.Select(c => "s." + c))} FROM postcode_in s
            WHERE NOT EXISTS (SELECT 1 FROM dim_postcode d WHERE d.postcode = s.postcode);
            DROP TABLE postcode_in;
            """, transaction, cancellationToken).ConfigureAwait(false);
    }

    private static PracticeRecord Merge(PracticeRecord a, PracticeRecord b) => new(
        a.PracticeCode, b.Name ?? a.Name, b.Address ?? a.Address, b.Postcode ?? a.Postcode, b.RegionCode ?? a.RegionCode, b.RegionName ?? a.RegionName,
        b.IcbCode ?? a.IcbCode, b.IcbName ?? a.IcbName, b.SubIcbCode ?? a.SubIcbCode, b.SubIcbName ?? a.SubIcbName, b.Setting ?? a.Setting, b.Status ?? a.Status);
}
