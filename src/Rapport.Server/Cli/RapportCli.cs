using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Rapport.Server.Cli;

/// <summary>
/// The verbs of the rapport executable. Tokens a verb does not know are configuration, as in any ASP.NET Core
/// program, when they look like it (--Rapport:Database:Provider=postgres, --urls=http://127.0.0.1:5000; see
/// <see cref="UnknownArguments"/>); any other unknown token is an error. rapport bench … is the benchmarks' own program.
/// </summary>
public static class RapportCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Rapport: dialogue marketing platform. Keeps a two-way, permission-based conversation with every customer.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(WebhooksCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SegmentCommands.Apply());
        root.Subcommands.Add(SegmentCommands.Segment());
        root.Subcommands.Add(JourneyCommands.Journey());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(Help());
        foreach (var command in Self(root))
        {
            command.TreatUnmatchedTokensAsErrors = false;
        }

        var helpOption = root.Options.OfType<HelpOption>().Single();
        helpOption.Action = new HelpWithSettings((SynchronousCommandLineAction)helpOption.Action!);

        return root;
    }

    /// <summary>Runs a command line: exit code 1, with what is unknown, when a token is neither known nor configuration.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [BenchCommand.Name, .. var benchmark])
        {
            return await BenchCommand.RunAsync(benchmark); // the benchmarks' own program reads its arguments, --help too
        }

        var parse = Build().Parse(args);
        if (UnknownArguments.Problem(parse) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return 1;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    private static Command Help()
    {
        var verb = new Argument<string[]>("verb") { Description = "The verb to explain, like: keys create", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show the help of rapport, or of a verb (rapport help keys create).") { verb };
        help.SetAction((parse, _) => RunAsync([.. parse.GetValue(verb) ?? [], "--help"]));
        return help;
    }

    private static IEnumerable<Command> Self(Command command) => command.Subcommands.SelectMany(Self).Prepend(command);
}
