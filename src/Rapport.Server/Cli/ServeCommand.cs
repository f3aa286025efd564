using System.CommandLine;
using Rapport.Server.Hosting;

namespace Rapport.Server.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Start Rapport: HTTP API, Segment-compatible tracking, health and OpenAPI (default http://localhost:5000).");
        command.SetAction(async (parse, ct) =>
        {
            var app = RapportHost.Build(parse.UnmatchedTokens.ToArray());
            await RapportHost.PrepareAsync(app.Services, ct);
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
