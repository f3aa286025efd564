using Rapport.Bench;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 250; // a report written to a file or a pipe keeps each row of a table on one line
}

return await BenchCommands.Build().Parse(args).InvokeAsync();
