using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Warehouse;

namespace RxAtlas.Cli;

/// <summary>Failures a user can act on are reported as one clear line, not a stack trace.</summary>
internal static class CliErrors
{
    public static bool IsExpected(Exception ex) => IsUsage(ex) || ex is DataFormatException or LoadFailedException
        or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or IOException
        or System.Data.Common.DbException or OperationCanceledException or HttpRequestException or MonthAlreadyRunningException
        or RunStoreUnavailableException;

    /// <summary>A value the user gave that can never work (a month range ending before it starts, an unknown warehouse scheme,
    /// a cron expression or time zone that does not parse): exit code 2, like a parse error.</summary>
    public static bool IsUsage(Exception ex) => ex is ArgumentException or FormatException or TimeZoneNotFoundException;

    /// <summary>The exit code of an expected failure: 2 usage, 3 a warehouse schema this build must not use as asked (newer
    /// than it knows, or older and the command only reads), 1 anything else.</summary>
    public static int ExitCode(Exception ex) => IsUsage(ex) ? 2 : ex is WarehouseSchemaException ? SchemaMismatch : 1;

    /// <summary>The exit code of <see cref="WarehouseSchemaException"/>.</summary>
    public const int SchemaMismatch = 3;

    /// <summary>The one line reported for <paramref name="ex"/>, with advice that fits <paramref name="command"/> (the command
    /// that failed, when known).</summary>
    public static string Describe(Exception ex, System.CommandLine.Command? command = null) => ex switch
    {
        WarehouseInUseException inUse => inUse.Message + " " + InUseAdvice(command),
        // Without .NET's " (Parameter 'to')" suffix, which names a C# parameter, not the option.
        ArgumentException { ParamName: { } name } argument => argument.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal),
        OperationCanceledException => "cancelled",
        LoadFailedException load when load.Checks.Any(c => !c.Passed && c.Severity == CheckSeverity.Error) =>
            load.Message + Environment.NewLine + string.Join(Environment.NewLine,
                load.Checks.Where(c => !c.Passed && c.Severity == CheckSeverity.Error).Select(c => $"  failed check {c.Name}: {c.Detail}")),
        _ => ex.InnerException is DataFormatException inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{ex.Message} ({inner.Message})"
            : ex.Message,
    };

    /// <summary>What to do about a busy DuckDB file: a command that can open it read-only is told to; one that must write
    /// (run, backfill, schedule, ingest…) is told to stop the other process, since it cannot share the file.</summary>
    internal static string InUseAdvice(System.CommandLine.Command? command)
    {
        if (command is null)
            return "Stop the other process (e.g. the web server) and try again; readers may share the file if all open it read-only (--read-only).";
        if (command.Options.Any(o => o.Name == "--read-only"))
            return $"Stop the other process, or if it only reads, open both read-only (`rxatlas {command.Name} --read-only`; a server: `rxatlas serve --read-only`).";
        return $"`rxatlas {command.Name}` writes to the warehouse, so it needs the file to itself: stop the other process (a web server, " +
               "a query, another run, backfill or schedule) and try again. To keep serving while loading, use a PostgreSQL warehouse.";
    }
}
