using Rapport.Bench;

return await BenchCommands.Build().Parse(args).InvokeAsync();
