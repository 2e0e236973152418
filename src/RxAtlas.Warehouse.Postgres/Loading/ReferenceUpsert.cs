using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Loading;

/// <summary>Upserts practices, BNF presentations and postcode locations into the dimensions: each batch is binary-COPYed
/// into a temp table, de-duplicated (the last record for a key wins) and merged; a value a source leaves null never
/// overwrites a known one.</summary>
internal static class ReferenceUpsert
{
    private static readonly string[] PracticeColumns =
        ["practice_code", "name", "address", "postcode", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name", "setting", "status"];

    private static readonly string[] BnfColumns =
        ["presentation_code", "presentation", "product_code", "product", "chemical_code", "chemical", "subparagraph_code", "subparagraph",
         "paragraph_code", "paragraph", "section_code", "section", "chapter_code", "chapter"];

    private static readonly string[] PostcodeColumns =
        ["postcode_key", "postcode", "latitude", "longitude", "county", "region_code", "region_name", "icb_code", "icb_name", "sub_icb_code", "sub_icb_name"];

    public static async Task UpsertAsync(NpgsqlConnection connection, ReferenceData data, CancellationToken cancellationToken)
    {
        if (data.Practices.Count > 0)
        {
            await StageAsync(connection, "stage_practice", PracticeColumns, 0, data.Practices, (w, p) =>
            {
                WriteText(w, p.PracticeCode.Trim(), p.Name, p.Address, Postcode.Normalise(p.Postcode), p.RegionCode, p.RegionName,
                    p.IcbCode, p.IcbName, p.SubIcbCode, p.SubIcbName, p.Setting, p.Status);
            }, cancellationToken).ConfigureAwait(false);
            await MergeAsync(connection, "stage_practice", "dim_practice", PracticeColumns,
                extraInsert: ("is_unidentified", "(s.practice_code = '-' OR s.practice_code LIKE '%998')"), cancellationToken).ConfigureAwait(false);
        }
        if (data.Bnf.Count > 0)
        {
            await StageAsync(connection, "stage_bnf", BnfColumns, 0, data.Bnf, (w, b) =>
            {
                WriteText(w, b.PresentationCode.Trim(), b.Presentation, b.ProductCode, b.Product, b.ChemicalCode, b.Chemical,
                    b.SubparagraphCode, b.Subparagraph, b.ParagraphCode, b.Paragraph, b.SectionCode, b.Section, b.ChapterCode, b.Chapter);
            }, cancellationToken).ConfigureAwait(false);
            await MergeAsync(connection, "stage_bnf", "dim_bnf", BnfColumns, extraInsert: null, cancellationToken).ConfigureAwait(false);
        }
        var postcodes = data.Postcodes.Where(p => Postcode.Key(p.Postcode) is not null).ToList();
        if (postcodes.Count > 0)
        {
            await StageAsync(connection, "stage_postcode", PostcodeColumns, 2, postcodes, (w, p) =>
            {
                WriteText(w, Postcode.Key(p.Postcode), Postcode.Normalise(p.Postcode));
                WriteDouble(w, p.Latitude);
                WriteDouble(w, p.Longitude);
                WriteText(w, p.County, p.RegionCode, p.RegionName, p.IcbCode, p.IcbName, p.SubIcbCode, p.SubIcbName);
            }, cancellationToken).ConfigureAwait(false);
            await MergeAsync(connection, "stage_postcode", "dim_postcode", PostcodeColumns, extraInsert: null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds a bare dimension row for every practice and presentation the staged prescribing mentions but no
    /// reference data described, so no fact row is ever dropped by the dimension join.</summary>
    public static async Task AddMissingFromStageAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await Sql.ExecAsync(connection,
            $"""
            INSERT INTO dim_practice (practice_code, is_unidentified)
            SELECT DISTINCT s.practice_code, (s.practice_code = '-' OR s.practice_code LIKE '%998')
            FROM {PrescribingStage.Table} s
            WHERE NOT EXISTS (SELECT 1 FROM dim_practice d WHERE d.practice_code = s.practice_code)
            ORDER BY 1;
            INSERT INTO dim_bnf (presentation_code)
            SELECT DISTINCT s.bnf_code FROM {PrescribingStage.Table} s
            WHERE NOT EXISTS (SELECT 1 FROM dim_bnf d WHERE d.presentation_code = s.bnf_code)
            ORDER BY 1;
            """, cancellationToken).ConfigureAwait(false);
    }

    private static async Task StageAsync<T>(NpgsqlConnection connection, string table, string[] columns, int doubleColumn,
        IEnumerable<T> records, Action<NpgsqlBinaryImporter, T> write, CancellationToken cancellationToken)
    {
        var definitions = columns.Select((c, i) => doubleColumn > 0 && (i == doubleColumn || i == doubleColumn + 1) ? $"{c} DOUBLE PRECISION" : $"{c} TEXT");
        await Sql.ExecAsync(connection,
            $"DROP TABLE IF EXISTS {table}; CREATE TEMP TABLE {table} (ord BIGINT NOT NULL, {string.Join(", ", definitions)}) ON COMMIT DROP",
            cancellationToken).ConfigureAwait(false);
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (ord, {string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        long ord = 0;
        foreach (var record in records)
        {
            writer.StartRow();
            writer.Write(ord++, NpgsqlDbType.Bigint);
            write(writer, record);
        }
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task MergeAsync(NpgsqlConnection connection, string stage, string dimension, string[] columns,
        (string Column, string Expression)? extraInsert, CancellationToken cancellationToken)
    {
        var key = columns[0];
        var insertColumns = string.Join(", ", columns) + (extraInsert is { } e ? ", " + e.Column : "");
        var selectColumns = string.Join(", ", columns.Select(c => "s." + c)) + (extraInsert is { } x ? ", " + x.Expression : "");
        var updates = string.Join(", ", columns.Skip(1).Select(c => $"{c} = COALESCE(EXCLUDED.{c}, {dimension}.{c})"));
        await Sql.ExecAsync(connection,
            $"""
            INSERT INTO {dimension} ({insertColumns})
            SELECT {selectColumns}
            FROM (SELECT DISTINCT ON ({key}) * FROM {stage} WHERE {key} IS NOT NULL AND {key} <> '' ORDER BY {key}, ord DESC) s
            ORDER BY s.{key}
            ON CONFLICT ({key}) DO UPDATE SET {updates}
            """, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteText(NpgsqlBinaryImporter writer, params string?[] values)
    {
        foreach (var v in values)
        {
            var trimmed = v?.Trim();
            if (string.IsNullOrEmpty(trimmed)) writer.WriteNull();
            else writer.Write(trimmed, NpgsqlDbType.Text);
        }
    }

    private static void WriteDouble(NpgsqlBinaryImporter writer, double? value)
    {
        if (value is { } v && double.IsFinite(v)) writer.Write(v, NpgsqlDbType.Double);
        else writer.WriteNull();
    }
}
