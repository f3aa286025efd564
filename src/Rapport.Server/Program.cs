using Rapport.Server.Cli;

return await RapportCli.Build().Parse(args).InvokeAsync();
