using System.CommandLine;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Cli;

public static class KeysCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "admin (admin API) or ingest (tracking only)", Required = true };
        role.AcceptOnlyFromAmong("admin", "ingest");
        var workspace = new Option<string>("--workspace") { Description = "Workspace name (created if new)", DefaultValueFactory = _ => Workspace.DefaultName };
        var name = new Option<string?>("--name") { Description = "A label to recognise the key by" };
        var create = new Command("create", "Create an API key; its secret is the last line printed, and is shown only once.") { role, workspace, name };
        create.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IWorkspaceStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var space = await store.GetOrCreateAsync(parse.GetValue(workspace)!, now, ct);
            var keyRole = parse.GetValue(role) == "admin" ? ApiKeyRole.Admin : ApiKeyRole.Ingest;
            var label = parse.GetValue(name) ?? $"{parse.GetValue(role)} key";
            var secret = ApiKey.NewSecret();
            var key = await store.AddKeyAsync(space.Id, label, keyRole, ApiKey.Hash(secret), now, ct);
            Console.WriteLine($"Created {parse.GetValue(role)} key '{key.Name}' (id {key.Id}) for workspace '{space.Name}'.");
            Console.WriteLine("Keep the secret below: only its hash is stored.");
            Console.WriteLine(secret);
            return 0;
        });
        return new Command("keys", "Manage API keys.") { create };
    }
}
