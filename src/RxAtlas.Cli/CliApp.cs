using System.CommandLine;
using RxAtlas.Cli.Commands;

namespace RxAtlas.Cli;

/// <summary>The <c>rxatlas</c> command tree. Exit codes: 0 success, 1 failure (bad data, failed load or check), 2 usage, 3 a
/// warehouse schema this build must not use (<see cref="CliErrors.SchemaMismatch"/>).</summary>
public static class CliApp
{
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("RxAtlas — explore how medicines are prescribed across England's GP practices.");
        foreach (var command in new Command[]
                 {
                     GenerateCommand.Create(context),
                     IngestCommand.Create(context),
                     QueryCommand.Create(context),
                     CheckCommand.Create(context),
                     DemoCommand.Create(context),
                     ServeCommand.Create(context),
                     RunCommand.Create(context),
                     BackfillCommand.Create(context),
                     RunsCommand.Create(context),
                     DagCommand.Create(context),
                     ScheduleCommand.Create(context),
                     MigrateCommand.Create(context),
                     FetchCommand.Create(context),
                     SourcesCommand.Create(context),
                     LakeCommand.Create(context),
                 })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error);
        var parse = BuildRoot(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors) await error.WriteLineAsync($"error: {parseError.Message}");
            await error.WriteLineAsync("Run 'rxatlas --help' for usage.");
            return 2;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception ex) when (CliErrors.IsExpected(ex))
        {
            await error.WriteLineAsync($"error: {CliErrors.Describe(ex, parse.CommandResult.Command)}");
            return CliErrors.ExitCode(ex);
        }
    }
}
