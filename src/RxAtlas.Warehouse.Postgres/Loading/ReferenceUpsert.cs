using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;
using RxAtlas.Warehouse.Keys;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Upserts the dimensions inside the caller's transaction with exactly DuckDB's rules: records are de-duplicated in
/// memory, binary-COPYed into temp tables, then merged with an UPDATE of existing rows and an INSERT of new ones (no row is
/// ever deleted).</summary>
internal static class ReferenceUpsert
{
    private static readonly string[] PracticeColumns =
        ["name", "address", "postcode", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name", "setting", "status"];

    private static readonly string[] BnfFill =
        ["product_code", "product", "chemical_code", "chemical", "subparagraph_code", "subparagraph", "paragraph_code", "paragraph",
         "section_code", "section", "chapter_code", "chapter"];

    private static readonly string[] PostcodeColumns =
        ["latitude", "longitude", "county", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name"];

    public static async Task UpsertAsync(NpgsqlConnection connection, ReferenceData data, CancellationToken cancellationToken)
    {
        await UpsertPracticesAsync(connection, data.Practices, cancellationToken).ConfigureAwait(false);
        await UpsertBnfAsync(connection, data.Bnf, [], cancellationToken).ConfigureAwait(false);
        await UpsertPostcodesAsync(connection, data.Postcodes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Practices: new codes get the next dense keys (in code order); for existing practices every non-null incoming
    /// attribute replaces the stored one (a null never erases). Several records for one code merge, later values winning.</summary>
    public static async Task UpsertPracticesAsync(NpgsqlConnection connection, IEnumerable<PracticeRecord> records, CancellationToken cancellationToken)
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
        await CreateTempAsync(connection, "practice_in",
            "practice_code TEXT, " + string.Join(", ", PracticeColumns.Select(c => c + " TEXT")) + ", is_unidentified BOOLEAN", cancellationToken).ConfigureAwait(false);
        await using (var w = await connection.BeginBinaryImportAsync("COPY practice_in FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var p in byCode.Values)
            {
                w.StartRow();
                Text(w, p.PracticeCode, p.Name, p.Address, p.Postcode, p.RegionCode, p.RegionName, p.IcbCode, p.IcbName, p.SubIcbCode, p.SubIcbName, p.Setting, p.Status);
                w.Write(p.IsUnidentified, NpgsqlDbType.Boolean);
            }
            await w.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await Sql.ExecAsync(connection, $"""
            UPDATE dim_practice SET {string.Join(", ", PracticeColumns.Select(c => $"{c} = COALESCE(s.{c}, dim_practice.{c})"))}
            FROM practice_in s WHERE s.practice_code = dim_practice.practice_code;
            INSERT INTO dim_practice (practice_key, practice_code, {string.Join(", ", PracticeColumns)}, is_unidentified)
            SELECT (SELECT COALESCE(MAX(practice_key), 0) FROM dim_practice) + ROW_NUMBER() OVER (ORDER BY s.practice_code COLLATE "C"),
                   s.practice_code, {string.Join(", ", PracticeColumns.Select(c => "s." + c))}, s.is_unidentified
            FROM practice_in s
            WHERE NOT EXISTS (SELECT 1 FROM dim_practice d WHERE d.practice_code = s.practice_code);
            DROP TABLE practice_in;
            """, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>BNF presentations: new codes get order-preserving sparse keys (<see cref="SparseKeyAllocator"/>); the
    /// presentation name is updated, every other level's code and name only fills a null. Codes seen without a record get
    /// the level codes derived from the code itself.</summary>
    public static async Task UpsertBnfAsync(NpgsqlConnection connection, IEnumerable<BnfRecord> records, IEnumerable<string> codesSeen, CancellationToken cancellationToken)
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
        if (byCode.Count == 0) return;

        var existing = new List<KeyValuePair<string, int>>();
        await using (var cmd = new NpgsqlCommand("SELECT bnf_code, bnf_key FROM dim_bnf", connection))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) existing.Add(new(reader.GetString(0), reader.GetInt32(1)));
        }
        var allocation = SparseKeyAllocator.Allocate(existing, byCode.Keys);

        await CreateTempAsync(connection, "bnf_in",
            "bnf_key INTEGER, is_new BOOLEAN, bnf_code TEXT, presentation TEXT, " + string.Join(", ", BnfFill.Select(c => c + " TEXT")), cancellationToken).ConfigureAwait(false);
        await using (var w = await connection.BeginBinaryImportAsync("COPY bnf_in FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var b in byCode.Values)
            {
                var isNew = allocation.Keys.TryGetValue(b.PresentationCode, out var key);
                string Level(string? given, BnfLevel level) => given ?? BnfCode.LevelCode(b.PresentationCode, level);
                w.StartRow();
                w.Write(isNew ? key : 0, NpgsqlDbType.Integer);
                w.Write(isNew, NpgsqlDbType.Boolean);
                Text(w, b.PresentationCode, b.Presentation,
                    Level(b.ProductCode, BnfLevel.Product), b.Product,
                    Level(b.ChemicalCode, BnfLevel.Chemical), b.Chemical,
                    Level(b.SubparagraphCode, BnfLevel.Subparagraph), b.Subparagraph,
                    Level(b.ParagraphCode, BnfLevel.Paragraph), b.Paragraph,
                    Level(b.SectionCode, BnfLevel.Section), b.Section,
                    Level(b.ChapterCode, BnfLevel.Chapter), b.Chapter);
            }
            await w.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await Sql.ExecAsync(connection, $"""
            UPDATE dim_bnf SET presentation = COALESCE(s.presentation, dim_bnf.presentation),
                   {string.Join(", ", BnfFill.Select(c => $"{c} = COALESCE(dim_bnf.{c}, s.{c})"))}
            FROM bnf_in s WHERE s.bnf_code = dim_bnf.bnf_code AND NOT s.is_new;
            INSERT INTO dim_bnf (bnf_key, bnf_code, presentation, {string.Join(", ", BnfFill)})
            SELECT bnf_key, bnf_code, presentation, {string.Join(", ", BnfFill)} FROM bnf_in WHERE is_new ORDER BY bnf_key;
            DROP TABLE bnf_in;
            """, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Postcodes, keyed by normalised postcode: incoming non-null values replace stored ones; the last record wins.</summary>
    public static async Task UpsertPostcodesAsync(NpgsqlConnection connection, IEnumerable<PostcodeLocation> records, CancellationToken cancellationToken)
    {
        var byCode = new Dictionary<string, PostcodeLocation>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (Postcode.Normalise(record.Postcode) is { } code) byCode[code] = record with { Postcode = code };
        }
        if (byCode.Count == 0) return;
        await CreateTempAsync(connection, "postcode_in",
            "postcode TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, " + string.Join(", ", PostcodeColumns.Skip(2).Select(c => c + " TEXT")),
            cancellationToken).ConfigureAwait(false);
        await using (var w = await connection.BeginBinaryImportAsync("COPY postcode_in FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var p in byCode.Values)
            {
                w.StartRow();
                Text(w, p.Postcode);
                Number(w, p.Latitude);
                Number(w, p.Longitude);
                Text(w, p.County, p.RegionCode, p.RegionName, p.IcbCode, p.IcbName, p.SubIcbCode, p.SubIcbName);
            }
            await w.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await Sql.ExecAsync(connection, $"""
            UPDATE dim_postcode SET {string.Join(", ", PostcodeColumns.Select(c => $"{c} = COALESCE(s.{c}, dim_postcode.{c})"))}
            FROM postcode_in s WHERE s.postcode = dim_postcode.postcode;
            INSERT INTO dim_postcode (postcode, {string.Join(", ", PostcodeColumns)})
            SELECT s.postcode, {string.Join(", ", PostcodeColumns.Select(c => "s." + c))} FROM postcode_in s
            WHERE NOT EXISTS (SELECT 1 FROM dim_postcode d WHERE d.postcode = s.postcode);
            DROP TABLE postcode_in;
            """, cancellationToken).ConfigureAwait(false);
    }

    private static Task CreateTempAsync(NpgsqlConnection connection, string table, string columns, CancellationToken cancellationToken) =>
        Sql.ExecAsync(connection, $"DROP TABLE IF EXISTS {table}; CREATE TEMP TABLE {table} ({columns})", cancellationToken);

    private static PracticeRecord Merge(PracticeRecord a, PracticeRecord b) => new(
        a.PracticeCode, b.Name ?? a.Name, b.Address ?? a.Address, b.Postcode ?? a.Postcode, b.RegionCode ?? a.RegionCode, b.RegionName ?? a.RegionName,
        b.IcbCode ?? a.IcbCode, b.IcbName ?? a.IcbName, b.SubIcbCode ?? a.SubIcbCode, b.SubIcbName ?? a.SubIcbName, b.Setting ?? a.Setting, b.Status ?? a.Status);

    /// <summary>Writes each value as text, NULL for null (DuckDB's appender stores exactly what it is given; so do we).</summary>
    private static void Text(NpgsqlBinaryImporter writer, params string?[] values)
    {
        foreach (var v in values)
        {
            if (v is null) writer.WriteNull();
            else writer.Write(v, NpgsqlDbType.Text);
        }
    }

    private static void Number(NpgsqlBinaryImporter writer, double? value)
    {
        if (value is { } v) writer.Write(v, NpgsqlDbType.Double);
        else writer.WriteNull();
    }
}
