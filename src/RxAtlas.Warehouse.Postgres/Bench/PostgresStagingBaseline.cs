using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RxAtlas.Core;

namespace RxAtlas.Warehouse.Postgres.Bench;

/// <summary>What the conventional staging load did and how long each step took.</summary>
/// <param name="Rows">Rows inserted into the typed table.</param>
/// <param name="Copy">Text COPY of the raw CSV into the all-text staging table.</param>
/// <param name="Insert">INSERT … SELECT casting the staged text into the typed table.</param>
public sealed record StagingBaselineReport(long Rows, TimeSpan Copy, TimeSpan Insert)
{
    public TimeSpan Total => Copy + Insert;
}

/// <summary>The tables a staging load goes through.</summary>
public enum StagingShape
{
    /// <summary>The approach as the issue describes it, at its cheapest: an all-TEXT staging table and a typed table, neither
    /// with a key or a constraint.</summary>
    AllText,

    /// <summary>The original Python project's own tables: a staging table with a <c>serial</c> primary key and typed measure
    /// columns (integer items, float money and quantity), and a fact table with its own <c>serial</c> primary key, float
    /// measures, integer month and year columns and CHECK constraints on them. Clean PDPI layout only (10 columns), as the
    /// original loaded.</summary>
    OriginalProject,
}

/// <summary>
/// The "conventional staging approach" the original project used, kept as a benchmark baseline for the binary-COPY load:
/// the raw CSV is sent with a text <c>COPY … (FORMAT csv, HEADER)</c> into a staging table, then <c>INSERT … SELECT</c>
/// casts every field into a typed table. Both tables live in schema <c>baseline</c> (recreated on every call), never in the
/// warehouse's own tables; <see cref="StagingShape"/> chooses their shape.
/// </summary>
/// <remarks>Understands the PDPI BNFT layout (columns by position: PRACTICE 3rd, BNF CODE 4th, ITEMS, NIC, ACT COST,
/// QUANTITY, PERIOD 6th–10th, optional trailing empty column) and the EPD layout (columns by header name: PRACTICE_CODE,
/// BNF_CODE, ITEMS, TOTAL_QUANTITY, NIC, ACTUAL_COST, YEAR_MONTH). No validation beyond what the casts enforce.</remarks>
public static class PostgresStagingBaseline
{
    public const string Schema = "baseline";

    /// <summary>Runs the baseline load of <paramref name="csvPath"/> into <paramref name="target"/> (a <c>postgres://</c> URL or connection string).</summary>
    public static async Task<StagingBaselineReport> LoadAsync(string target, string csvPath, StagingShape shape = StagingShape.AllText,
        CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresTarget.ToConnectionString(target));
        return await LoadAsync(dataSource, csvPath, shape, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<StagingBaselineReport> LoadAsync(NpgsqlDataSource dataSource, string csvPath, StagingShape shape = StagingShape.AllText,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var header = await ReadHeaderAsync(csvPath, cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return shape == StagingShape.OriginalProject
            ? await LoadOriginalProjectAsync(connection, csvPath, header, cancellationToken).ConfigureAwait(false)
            : await LoadAllTextAsync(connection, csvPath, header, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StagingBaselineReport> LoadAllTextAsync(NpgsqlConnection connection, string csvPath, string[] header,
        CancellationToken cancellationToken)
    {
        var layout = Layout.Detect(header);

        var columns = Enumerable.Range(1, header.Length).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i} TEXT")).ToList();
        await Sql.ExecAsync(connection,
            $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            DROP TABLE IF EXISTS {Schema}.stage_raw;
            DROP TABLE IF EXISTS {Schema}.prescribing;
            CREATE TABLE {Schema}.stage_raw ({string.Join(", ", columns)});
            CREATE TABLE {Schema}.prescribing (
                month         DATE           NOT NULL,
                practice_code TEXT           NOT NULL,
                bnf_code      TEXT           NOT NULL,
                items         BIGINT         NOT NULL,
                quantity      NUMERIC(18, 3) NOT NULL,
                nic           NUMERIC(18, 2) NOT NULL,
                actual_cost   NUMERIC(18, 5) NOT NULL);
            """, cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        await CopyFileAsync(connection, $"COPY {Schema}.stage_raw FROM STDIN (FORMAT csv, HEADER true)", csvPath, cancellationToken).ConfigureAwait(false);
        var copyElapsed = clock.Elapsed;

        clock.Restart();
        var rows = await Sql.ExecAsync(connection,
            $"""
            INSERT INTO {Schema}.prescribing (month, practice_code, bnf_code, items, quantity, nic, actual_cost)
            SELECT to_date(replace(trim({layout.Period}), '-', ''), 'YYYYMM'),
                   trim({layout.Practice}), trim({layout.BnfCode}),
                   trim({layout.Items})::BIGINT,
                   trim({layout.Quantity})::NUMERIC(18, 3),
                   trim({layout.Nic})::NUMERIC(18, 2),
                   trim({layout.ActualCost})::NUMERIC(18, 5)
            FROM {Schema}.stage_raw
            """, cancellationToken).ConfigureAwait(false);
        return new StagingBaselineReport(rows, copyElapsed, clock.Elapsed);
    }

    /// <summary>The original project's shape (see <see cref="StagingShape.OriginalProject"/>): the CSV's ten columns COPY'd
    /// by position into typed staging columns, then cast into the fact with the period split into year and month.</summary>
    private static async Task<StagingBaselineReport> LoadOriginalProjectAsync(NpgsqlConnection connection, string csvPath, string[] header,
        CancellationToken cancellationToken)
    {
        if (header.Length != 10 || !header[2].Equals("PRACTICE", StringComparison.OrdinalIgnoreCase) || !header[9].Equals("PERIOD", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{csvPath}: the original project's staging table takes the clean PDPI layout (10 columns, PRACTICE 3rd, PERIOD 10th); the header is: {string.Join(",", header)}");
        await Sql.ExecAsync(connection,
            $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            DROP TABLE IF EXISTS {Schema}.stage_typed;
            DROP TABLE IF EXISTS {Schema}.fact_serial;
            CREATE TABLE {Schema}.stage_typed (
                id          SERIAL PRIMARY KEY,
                sha         TEXT NOT NULL,
                pct         TEXT NOT NULL,
                practice    TEXT NOT NULL,
                bnf_code    TEXT NOT NULL,
                bnf_name    TEXT NOT NULL,
                items       INT NOT NULL,
                nic         FLOAT NOT NULL,
                actual_cost FLOAT NOT NULL,
                quantity    FLOAT NOT NULL,
                period      TEXT NOT NULL);
            CREATE TABLE {Schema}.fact_serial (
                id          SERIAL PRIMARY KEY,
                practice    TEXT NOT NULL,
                bnf_code    TEXT NOT NULL,
                items       INT NOT NULL,
                nic         FLOAT NOT NULL,
                actual_cost FLOAT NOT NULL,
                quantity    FLOAT NOT NULL,
                month       INT NOT NULL CHECK (month BETWEEN 1 AND 12),
                year        INT NOT NULL CHECK (year BETWEEN 1970 AND 2050));
            """, cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        await CopyFileAsync(connection,
            $"COPY {Schema}.stage_typed (sha, pct, practice, bnf_code, bnf_name, items, nic, actual_cost, quantity, period) FROM STDIN (FORMAT csv, HEADER true)",
            csvPath, cancellationToken).ConfigureAwait(false);
        var copyElapsed = clock.Elapsed;

        clock.Restart();
        var rows = await Sql.ExecAsync(connection,
            $"""
            INSERT INTO {Schema}.fact_serial (practice, bnf_code, items, nic, actual_cost, quantity, month, year)
            SELECT practice, bnf_code, items, nic, actual_cost, quantity, right(period, 2)::INT, left(period, 4)::INT
            FROM {Schema}.stage_typed
            """, cancellationToken).ConfigureAwait(false);
        return new StagingBaselineReport(rows, copyElapsed, clock.Elapsed);
    }

    /// <summary>Streams the file's text, as it is, into a text-format COPY.</summary>
    private static async Task CopyFileAsync(NpgsqlConnection connection, string copySql, string csvPath, CancellationToken cancellationToken)
    {
        using var file = new StreamReader(csvPath, detectEncodingFromByteOrderMarks: true);
        await using var copy = await connection.BeginTextImportAsync(copySql, cancellationToken).ConfigureAwait(false);
        var buffer = new char[1 << 16];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string[]> ReadHeaderAsync(string csvPath, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(csvPath);
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{csvPath}: the file is empty; expected a header line.");
        return line.Split(',').Select(h => h.Trim().Trim('"').Trim()).ToArray();
    }

    /// <summary>Which staging column (<c>c1…cN</c>) holds each measure.</summary>
    private sealed record Layout(string Practice, string BnfCode, string Items, string Quantity, string Nic, string ActualCost, string Period)
    {
        public static Layout Detect(string[] header)
        {
            var byName = header.Select((h, i) => (h.ToUpperInvariant(), i)).GroupBy(x => x.Item1).ToDictionary(g => g.Key, g => g.First().i);
            if (byName.ContainsKey("BNF_CODE") && byName.ContainsKey("PRACTICE_CODE"))
            {
                string C(string name) => byName.TryGetValue(name, out var i)
                    ? "c" + (i + 1).ToString(CultureInfo.InvariantCulture)
                    : throw new InvalidDataException($"EPD header has no {name} column.");
                return new Layout(C("PRACTICE_CODE"), C("BNF_CODE"), C("ITEMS"), C("TOTAL_QUANTITY"), C("NIC"), C("ACTUAL_COST"), C("YEAR_MONTH"));
            }
            if (header.Length >= 10) return new Layout("c3", "c4", "c6", "c9", "c7", "c8", "c10");
            throw new InvalidDataException("Unrecognised prescribing CSV: expected a PDPI BNFT header (10 or 11 columns) or an EPD header.");
        }
    }
}
