using System.Data.Common;
using Rapport.Server.Cli;
using Rapport.Storage;

try
{
    return await RapportCli.RunAsync(args);
}
catch (ConfigurationError e)
{
    await Console.Error.WriteLineAsync($"Configuration: {e.Message}");
    return 1;
}
catch (DbException e)
{
    await Console.Error.WriteLineAsync($"The database cannot be used: {e.Message}");
    return 1;
}
