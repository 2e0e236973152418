using RxAtlas.Core;
using RxAtlas.Pipeline;
using RxAtlas.Warehouse;

namespace RxAtlas.Cli;

/// <summary>Failures a user can act on are reported as one clear line, not a stack trace.</summary>
internal static class CliErrors
{
    public static bool IsExpected(Exception ex) => IsUsage(ex) || ex is DataFormatException or LoadFailedException
        or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or IOException
        or System.Data.Common.DbException or OperationCanceledException or HttpRequestException or MonthAlreadyRunningException;

    /// <summary>A value the user gave that can never work (a month range ending before it starts, an unknown warehouse scheme,
    /// a cron expression or time zone that does not parse): exit code 2, like a parse error.</summary>
    public static bool IsUsage(Exception ex) => ex is ArgumentException or FormatException or TimeZoneNotFoundException;

    public static string Describe(Exception ex) => ex switch
    {
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
}
