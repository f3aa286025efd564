using System.CommandLine;
using System.Data.Common;
using Rapport.Server.Cli;
using Rapport.Storage;

try
{
    return await RapportCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
