using Spectre.Console;

namespace RxAtlas.Cli;

/// <summary>What every command writes to: plain writers (for pipes and tests) and a Spectre console over the same output.</summary>
public sealed class CliContext
{
    /// <summary>How wide tables may be when the output is not a terminal (a file, a pipe) and <c>COLUMNS</c> does not say:
    /// wide enough that run history and check details do not wrap mid-word as they would at the usual 80.</summary>
    public const int UnboundedWidth = 240;

    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Ansi = ReferenceEquals(output, System.Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        });
        if (!terminal)
        {
            Console.Profile.Width = WidthOffTerminal(Environment.GetEnvironmentVariable("COLUMNS"));
        }
    }

    /// <summary>The table width for output that is not a terminal: <c>COLUMNS</c> when it is a positive number, else
    /// <see cref="UnboundedWidth"/>.</summary>
    public static int WidthOffTerminal(string? columns) =>
        int.TryParse(columns, out var width) && width > 0 ? width : UnboundedWidth;

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>For tables and progress bars; progress is shown only on an interactive terminal.</summary>
    public IAnsiConsole Console { get; }

    public bool IsInteractive => Console.Profile.Capabilities.Interactive;
}
