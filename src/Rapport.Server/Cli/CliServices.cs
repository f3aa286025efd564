using System.CommandLine;
using Rapport.Server.Hosting;

namespace Rapport.Server.Cli;

/// <summary>The services of a verb other than serve: same configuration sources, no web host; its log goes to standard error.</summary>
public static class CliServices
{
    public static async Task<ServiceProvider> StartAsync(ParseResult parse, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder()
            .AddSettingsFiles()
            .AddEnvironmentVariables()
            .AddCommandLine(parse.UnmatchedTokens.ToArray())
            .Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)) // standard output holds the verb's answer only: KEY=$(rapport keys create …)
            .AddSingleton<IConfiguration>(configuration)
            .AddRapportCore(configuration)
            .BuildServiceProvider();
        await RapportHost.PrepareAsync(services, ct);
        return services;
    }
}
