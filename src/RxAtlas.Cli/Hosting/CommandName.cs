namespace RxAtlas.Cli.Hosting;

/// <summary>How to run <c>rxatlas</c> again from the shell the user is in, for the commands a message suggests: the name the
/// repository's <c>./rxatlas</c> script was run by, <c>rxatlas</c> when that is on PATH, else the program's own path.</summary>
internal static class CommandName
{
    /// <summary>Set by the repository's <c>./rxatlas</c> script to the name it was run by (<c>./rxatlas</c>).</summary>
    public const string EnvironmentVariable = "RXATLAS_COMMAND";

    /// <summary>The command for this process.</summary>
    public static string Current() =>
        For(Environment.GetEnvironmentVariable, Environment.ProcessPath, typeof(CommandName).Assembly.Location);

    /// <summary>The command: <see cref="EnvironmentVariable"/> when set; for the <c>rxatlas</c> executable (published, or
    /// <c>dotnet run</c>'s), <c>rxatlas</c> if PATH finds that very file, else its full path; for <c>dotnet rxatlas.dll</c>
    /// (or a test host), <c>dotnet</c> and the assembly's path.</summary>
    internal static string For(Func<string, string?> environment, string? processPath, string assemblyPath)
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } given) return given;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("rxatlas", StringComparison.OrdinalIgnoreCase))
        {
            return OnPath(environment("PATH"), Path.GetFileName(processPath)) is { } found
                   && string.Equals(Path.GetFullPath(found), Path.GetFullPath(processPath), StringComparison.Ordinal)
                ? "rxatlas"
                : Quote(processPath);
        }
        return "dotnet " + Quote(assemblyPath);
    }

    private static string? OnPath(string? path, string fileName) =>
        (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, fileName))
            .FirstOrDefault(File.Exists);

    /// <summary>A path as a shell word: quoted when it holds anything but letters, digits and <c>/._-+:</c>.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:\\".Contains(c, StringComparison.Ordinal))
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
