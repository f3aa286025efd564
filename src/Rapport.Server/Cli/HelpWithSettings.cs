using System.CommandLine;
using System.CommandLine.Invocation;

namespace Rapport.Server.Cli;

/// <summary>The usual help of a verb, followed by the configuration it reads and how to give it.</summary>
public sealed class HelpWithSettings(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true; // "keys create --help" helps, though --role is missing

    public override int Invoke(ParseResult parseResult)
    {
        var exit = help.Invoke(parseResult);
        if (Settings.Of(parseResult.CommandResult.Command) is { } keys)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Configuration:");
            output.WriteLine($"  Reads {keys}.");
            output.WriteLine("  Give it in appsettings.json, as environment variables (Rapport__Database__Provider=postgres) or as arguments");
            output.WriteLine("  (--Rapport:Database:Provider=postgres, --urls=http://localhost:5001). Other unknown arguments are errors.");
            output.WriteLine();
        }

        return exit;
    }
}
