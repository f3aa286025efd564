using System.CommandLine;
using System.Net.Sockets;
using Rapport.Server.Hosting;

namespace Rapport.Server.Cli;

public static class ServeCommand
{
    /// <summary>The category under which the host logs, among others, the exception of a failed start.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static Command Create()
    {
        var command = new Command("serve",
            "Start Rapport: HTTP API, Segment-compatible tracking, health and OpenAPI (default http://localhost:5000). It runs until stopped (Ctrl+C).");
        command.Reads(Settings.Serve);
        command.SetAction(async (parse, ct) =>
        {
            var starting = true;
            // A failed start (the port is taken) is told in one line below, not as the host's logged stack trace.
            await using var app = RapportHost.Build(parse.UnmatchedTokens.ToArray(),
                b => b.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && !(starting && level == LogLevel.Error)));
            if (ListenUrls.Problem(app.Configuration["urls"]) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 1;
            }

            await RapportHost.PrepareAsync(app.Services, ct);
            try
            {
                await app.StartAsync(ct);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The workers started before the server failed to bind: they stop before the database they use goes.
                await app.StopAsync(CancellationToken.None);
                await Console.Error.WriteLineAsync($"Cannot listen: {e.Message} Choose another address with --urls=http://localhost:5001.");
                return 1;
            }

            starting = false;
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
