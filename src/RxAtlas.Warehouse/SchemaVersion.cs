using System.Data.Common;
using System.Globalization;

namespace RxAtlas.Warehouse;

/// <summary>The schema version a warehouse holds, against the newest one this build of RxAtlas knows.</summary>
/// <param name="Found">The warehouse's schema version (PostgreSQL: its highest applied migration; DuckDB: <c>meta.info</c>'s
/// <c>schema_version</c>); null when it has no RxAtlas schema at all.</param>
/// <param name="MinReaderVersion">The oldest schema version a build must know to read this warehouse (<c>meta.info</c>'s
/// <c>min_reader_version</c>, written by every migration); null when not recorded.</param>
/// <param name="Known">The newest schema version this build knows.</param>
public sealed record SchemaVersion(int? Found, int? MinReaderVersion, int Known)
{
    /// <summary>The <c>meta.info</c> key of <see cref="MinReaderVersion"/>.</summary>
    public const string MinReaderVersionKey = "min_reader_version";

    /// <summary>The warehouse is at exactly this build's version: it may read and write.</summary>
    public bool IsCurrent => Found == Known;

    /// <summary>A newer build upgraded the warehouse: this build must never write to it.</summary>
    public bool IsNewer => Found > Known;

    /// <summary>This build can read the warehouse: it is current, or newer but marked readable by builds that know
    /// <see cref="Known"/> (an additive change such as a new column).</summary>
    public bool IsReadable => IsCurrent || (IsNewer && MinReaderVersion is { } min && min <= Known);

    /// <summary>Reads <c>meta.info</c>'s <c>schema_version</c> and <c>min_reader_version</c> (which must exist).</summary>
    public static async Task<(int? Version, int? MinReader)> ReadInfoAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        int? version = null, minReader = null;
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT key, value FROM meta.info WHERE key IN ('schema_version', '{MinReaderVersionKey}')";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var value = int.TryParse(reader.GetString(1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
            if (reader.GetString(0) == "schema_version") version = value;
            else minReader = value;
        }
        return (version, minReader);
    }

    /// <summary>SQL that records <paramref name="minReaderVersion"/> in <c>meta.info</c> (raising, never lowering, it), for an
    /// engine's migration to run in its transaction.</summary>
    public static string RecordMinReaderVersionSql(int minReaderVersion) => $"""
        INSERT INTO meta.info (key, value) SELECT '{MinReaderVersionKey}', '{minReaderVersion}' WHERE NOT EXISTS (SELECT 1 FROM meta.info WHERE key = '{MinReaderVersionKey}');
        UPDATE meta.info SET value = '{minReaderVersion}' WHERE key = '{MinReaderVersionKey}' AND CAST(value AS INTEGER) < {minReaderVersion};
        """;
}

/// <summary>This build cannot use the warehouse's schema as asked: a newer build upgraded it (never written to by an older
/// build, and read only when marked compatible), or it is older than this build and the command only reads (it does not
/// upgrade behind the operator's back), or there is no schema at all. The message says what to do. <c>rxatlas</c> exits with
/// code 3.</summary>
public sealed class WarehouseSchemaException(string message, SchemaVersion version) : InvalidOperationException(message)
{
    /// <summary>What was found.</summary>
    public SchemaVersion Version { get; } = version;

    /// <summary>The command that upgrades a warehouse.</summary>
    public const string UpgradeCommand = "rxatlas migrate";

    /// <summary>Throws unless a build may migrate (and then write) <paramref name="warehouse"/>: it must not be newer.</summary>
    public static void ThrowIfNewer(SchemaVersion version, string warehouse)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.IsNewer)
            throw new WarehouseSchemaException(
                $"{warehouse} has schema version {version.Found}, newer than this build of RxAtlas knows ({version.Known}): a newer " +
                "RxAtlas upgraded it. This build does not write to it; run the newer build.", version);
    }

    /// <summary>Throws unless this build may read <paramref name="warehouse"/> without changing it.</summary>
    public static void ThrowUnlessReadable(SchemaVersion version, string warehouse)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.IsReadable) return;
        if (version.Found is null)
            throw new WarehouseSchemaException(
                $"{warehouse} has no RxAtlas schema. Create it with '{UpgradeCommand}' (or load data: 'rxatlas ingest', 'rxatlas run').", version);
        if (version.IsNewer)
            throw new WarehouseSchemaException(
                $"{warehouse} has schema version {version.Found}, newer than this build of RxAtlas knows ({version.Known}), and changed " +
                $"in a way this build cannot read (it needs a build that knows version {version.MinReaderVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"} " +
                "or later): run the newer build.", version);
        throw new WarehouseSchemaException(
            $"{warehouse} has schema version {version.Found}; this build of RxAtlas needs version {version.Known}. Commands that only " +
            $"read never upgrade it: stop the scheduler, back the warehouse up, run '{UpgradeCommand}' (with the same --warehouse), " +
            "then run this again.", version);
    }

    /// <summary>Throws unless a build that did not migrate may write to <paramref name="warehouse"/>: it must be current.</summary>
    public static void ThrowUnlessWritable(SchemaVersion version, string warehouse)
    {
        ThrowIfNewer(version, warehouse);
        ThrowUnlessReadable(version, warehouse);
    }
}
