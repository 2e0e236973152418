using System.Globalization;
using System.Reflection;
using Npgsql;

namespace RxAtlas.Warehouse.Postgres.Schema;

/// <summary>One embedded schema migration, <c>Schema/Migrations/0001_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>Applies the embedded, numbered migrations that <c>meta.schema_migrations</c> does not list yet, each in its
/// own transaction, under an advisory lock so concurrent tools cannot migrate twice.</summary>
public static class PostgresMigrator
{
    private const long AdvisoryLockKey = 0x5278_4174_6c61_73; // "RxAtlas"

    /// <summary>The oldest schema version (migration) a build must know to read a warehouse migrated by this build. Leave it
    /// when a new migration only adds (a column, a table, a view column); raise it to the new migration's number when builds
    /// that stop before it would misread or fail on the new schema (a column renamed, dropped or given another meaning).</summary>
    public const int MinReaderVersion = 4;

    /// <summary>The newest schema version this build knows: its last migration.</summary>
    public static int KnownVersion => All[^1].Version;

    /// <summary>Every migration shipped in this assembly, oldest first.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Migrates to the newest version; returns the versions applied (none when already current).</summary>
    /// <exception cref="WarehouseSchemaException">The database has a migration newer than this build's last: nothing is
    /// changed (an older build never writes to a newer schema).</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        WarehouseSchemaException.ThrowIfNewer(await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false),
            PostgresTarget.DisplayName(dataSource.ConnectionString));
        var applied = new List<int>();
        foreach (var migration in All)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCmd = new NpgsqlCommand(
                $"""
                SELECT pg_advisory_xact_lock({AdvisoryLockKey});
                CREATE SCHEMA IF NOT EXISTS meta;
                CREATE TABLE IF NOT EXISTS meta.schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT        NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
                """, connection, tx))
            {
                await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var check = new NpgsqlCommand("SELECT count(*) FROM meta.schema_migrations WHERE version = $1", connection, tx))
            {
                check.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                {
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, tx))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var record = new NpgsqlCommand("INSERT INTO meta.schema_migrations (version, name) VALUES ($1, $2)", connection, tx))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration.Version);
        }
        // meta.info's schema_version follows the newest migration, as DuckDB's does (warehouses migrated before this rule
        // are brought up to date here too). Under the migrations' lock: two processes migrating at once would otherwise both
        // insert min_reader_version.
        await using (var infoTx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var version = new NpgsqlCommand(
                $"""
                SELECT pg_advisory_xact_lock({AdvisoryLockKey});
                UPDATE meta.info SET value = m.version::text
                FROM (SELECT max(version) AS version FROM meta.schema_migrations) m
                WHERE key = 'schema_version' AND CAST(value AS INTEGER) < m.version;
                {SchemaVersion.RecordMinReaderVersionSql(MinReaderVersion)}
                """, connection, infoTx))
            {
                await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await infoTx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        return applied;
    }

    /// <summary>The database's schema version — its highest applied migration — read with SELECT rights only, changing
    /// nothing; <see cref="SchemaVersion.Found"/> is null in a database RxAtlas never migrated.</summary>
    public static async Task<SchemaVersion> ReadVersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="ReadVersionAsync(NpgsqlDataSource, CancellationToken)"/>, on an open connection (inside its
    /// transaction, if any).</summary>
    internal static async Task<SchemaVersion> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        int? found = null, minReader = null;
        await using (var tables = new NpgsqlCommand(
            "SELECT to_regclass('meta.schema_migrations') IS NOT NULL, to_regclass('meta.info') IS NOT NULL", connection))
        await using (var reader = await tables.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            found = reader.GetBoolean(0) ? 0 : null;
            minReader = reader.GetBoolean(1) ? 0 : null;
        }
        if (found is not null)
        {
            await using var max = new NpgsqlCommand("SELECT max(version) FROM meta.schema_migrations", connection);
            found = await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int v ? v : null;
        }
        if (minReader is not null) (_, minReader) = await SchemaVersion.ReadInfoAsync(connection, cancellationToken).ConfigureAwait(false);
        return new SchemaVersion(found, minReader, KnownVersion);
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        const string marker = ".Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var file = resource[(at + marker.Length)..^".sql".Length]; // 0001_star_schema
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore != 4 || !int.TryParse(file.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            migrations.Add(new Migration(version, file[(underscore + 1)..], Read(assembly, resource)));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations must be numbered 0001 upwards without gaps; found {migrations[i].Version:D4} at position {i + 1}.");
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
