using System.CommandLine;
using Rapport.Engine.Journeys;

namespace Rapport.Server.Cli;

/// <summary>rapport webhooks key: the key journeys' webhooks are signed with, for the people who set up the receivers.</summary>
public static class WebhooksCommand
{
    public static Command Create()
    {
        var key = new Command("key",
            "Print the key (base64) journeys' webhooks are signed with: Rapport:Webhooks:Key, or the one kept in the database, made now if there is none. " +
            "Receivers check the Rapport-Signature header with it.");
        key.Reads(Settings.Database + ", Rapport:Webhooks:Key");
        key.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            Console.WriteLine(await services.GetRequiredService<WebhookKey>().TextAsync(ct));
            return 0;
        });
        return new Command("webhooks", "Journeys' webhooks.") { key };
    }
}
