using System.CommandLine;

namespace Rapport.Server.Cli;

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Bring the database schema up to date (serve does this too, at start).");
        command.Reads(Settings.Database);
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            Console.WriteLine("The schema is up to date.");
            return 0;
        });
        return command;
    }
}
