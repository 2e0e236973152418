using RxAtlas.Core;
using RxAtlas.Warehouse;

namespace RxAtlas.Cli;

/// <summary>Failures a user can act on are reported as one clear line, not a stack trace.</summary>
internal static class CliErrors
{
    public static bool IsExpected(Exception ex) => ex is DataFormatException or LoadFailedException or ArgumentException
        or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or IOException
        or System.Data.Common.DbException or OperationCanceledException or HttpRequestException;

    public static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "cancelled",
        LoadFailedException load when load.Checks.Any(c => !c.Passed && c.Severity == CheckSeverity.Error) =>
            load.Message + Environment.NewLine + string.Join(Environment.NewLine,
                load.Checks.Where(c => !c.Passed && c.Severity == CheckSeverity.Error).Select(c => $"  failed check {c.Name}: {c.Detail}")),
        _ => ex.InnerException is DataFormatException inner ? $"{ex.Message} ({inner.Message})" : ex.Message,
    };
}
