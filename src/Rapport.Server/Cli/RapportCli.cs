using System.CommandLine;

namespace Rapport.Server.Cli;

/// <summary>
/// The verbs of the rapport executable. Tokens a verb does not know are configuration, as in any
/// ASP.NET Core program: --Rapport:Database:Provider=postgres, --urls=http://127.0.0.1:5000.
/// </summary>
public static class RapportCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Rapport: dialogue marketing platform. Keeps a two-way, permission-based conversation with every customer.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SegmentCommands.Apply());
        root.Subcommands.Add(SegmentCommands.Segment());
        root.Subcommands.Add(BenchCommand.Create());
        foreach (var command in root.Subcommands.SelectMany(Self))
        {
            command.TreatUnmatchedTokensAsErrors = false;
        }

        return root;
    }

    private static IEnumerable<Command> Self(Command command) => command.Subcommands.SelectMany(Self).Prepend(command);
}
