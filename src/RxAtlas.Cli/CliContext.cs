using Spectre.Console;

namespace RxAtlas.Cli;

/// <summary>What every command writes to: plain writers (for pipes and tests) and a Spectre console over the same output.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected
                ? InteractionSupport.Detect
                : InteractionSupport.No,
            Ansi = ReferenceEquals(output, System.Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        });
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>For tables and progress bars; progress is shown only on an interactive terminal.</summary>
    public IAnsiConsole Console { get; }

    public bool IsInteractive => Console.Profile.Capabilities.Interactive;
}
