using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Rapport.Core;
using Rapport.Core.Ports;
using Rapport.Core.Workspaces;

namespace Rapport.Server.Cli;

/// <summary>
/// rapport keys create|list|revoke. A revoked key stops working at once on every node serving the database; the
/// command line may revoke a workspace's last admin key (the admin API may not), since it can create another.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "admin (admin API) or ingest (tracking only)", Required = true };
        role.AcceptOnlyFromAmong("admin", "ingest");
        var workspace = TextOptions.Workspace("Workspace name (created if new)");
        var name = TextOptions.KeyName();
        var create = new Command("create", "Create an API key; its secret is the last line printed, and is shown only once.") { role, workspace, name };
        create.Reads(Settings.Database);
        create.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IWorkspaceStore>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var space = await store.GetOrCreateAsync(parse.GetValue(workspace)!, now, ct);
            var keyRole = parse.GetValue(role) == "admin" ? ApiKeyRole.Admin : ApiKeyRole.Ingest;
            var label = parse.GetValue(name) ?? $"{parse.GetValue(role)} key";
            var secret = ApiKey.NewSecret();
            var key = await store.AddKeyAsync(space.Id, label, keyRole, ApiKey.Hash(secret), ApiKey.HintOf(secret), now, ct);
            Console.WriteLine($"Created {parse.GetValue(role)} key '{key.Name}' (id {key.Id}, {key.Hint}) for workspace '{space.Name}'.");
            Console.WriteLine("Keep the secret below: only its hash is stored.");
            Console.WriteLine(secret);
            return 0;
        });
        return new Command("keys", "Manage API keys.") { create, List(), Revoke() };
    }

    private static Command List()
    {
        var workspace = TextOptions.Workspace();
        var list = new Command("list", "List a workspace's API keys, revoked ones too: id, name, role, the secret's last four characters, never the secret.") { workspace };
        list.Reads(Settings.Database);
        list.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IWorkspaceStore>();
            if (await FindWorkspaceAsync(store, parse.GetValue(workspace)!, ct) is not { } space)
            {
                return 1;
            }

            string[][] rows =
            [
                ["id", "name", "role", "key", "created", "revoked"],
                .. (await store.KeysAsync(space.Id, ct)).Select(k => new[]
                {
                    k.Id.ToString(CultureInfo.InvariantCulture), k.Name, WireName.Of(k.Role), k.Hint ?? "", Time(k.CreatedAt),
                    k.RevokedAt is { } revoked ? Time(revoked) : "no",
                }),
            ];
            var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(r => r[column].Length)).ToArray();
            foreach (var row in rows) // plain columns, one key a line, never wrapped: easy to read and to grep
            {
                Console.WriteLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
            }

            return 0;
        });
        return list;
    }

    private static Command Revoke()
    {
        var which = new Argument<string>("key") { Description = "The key's id or name, as 'rapport keys list' shows them" };
        var workspace = TextOptions.Workspace();
        var revoke = new Command("revoke", "Revoke an API key: it stops working at once, on every node.") { which, workspace };
        revoke.Reads(Settings.Database);
        revoke.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.StartAsync(parse, ct);
            var store = services.GetRequiredService<IWorkspaceStore>();
            if (await FindWorkspaceAsync(store, parse.GetValue(workspace)!, ct) is not { } space)
            {
                return 1;
            }

            var keys = await store.KeysAsync(space.Id, ct);
            var text = parse.GetValue(which)!;
            var byId = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? keys.Where(k => k.Id == id).ToList() : [];
            var matches = byId.Count > 0 ? byId : keys.Where(k => k.Name == text).OrderBy(k => k.IsRevoked).ToList();
            if (matches.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No key '{text}' in workspace '{space.Name}' (see 'rapport keys list').");
                return 1;
            }

            if (matches.Count(k => !k.IsRevoked) > 1)
            {
                await Console.Error.WriteLineAsync($"Several keys are named '{text}' (ids {string.Join(", ", matches.Where(k => !k.IsRevoked).Select(k => k.Id))}): revoke one by its id.");
                return 1;
            }

            var key = matches[0];
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var outcome = await store.RevokeKeyAsync(space.Id, key.Id, keepOneAdminKey: false, now, ct);
            Console.WriteLine(outcome switch
            {
                KeyRevocation.Revoked => $"Revoked {WireName.Of(key.Role)} key '{key.Name}' (id {key.Id}, {key.Hint}) of workspace '{space.Name}': it stops working at once.",
                KeyRevocation.AlreadyRevoked => $"Key '{key.Name}' (id {key.Id}) was revoked already.",
                _ => throw new UnreachableException(), // the key was just listed, and the command line may revoke the last admin key
            });
            if (key.Role == ApiKeyRole.Admin && (await store.KeysAsync(space.Id, ct)).All(k => k.Role != ApiKeyRole.Admin || k.IsRevoked))
            {
                Console.WriteLine("The workspace has no working admin key now: create one with 'rapport keys create --role admin'.");
            }

            return 0;
        });
        return revoke;
    }

    private static async Task<Workspace?> FindWorkspaceAsync(IWorkspaceStore store, string name, CancellationToken ct)
    {
        var space = await store.FindAsync(name, ct);
        if (space is null)
        {
            await Console.Error.WriteLineAsync($"No workspace '{name}'.");
        }

        return space;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
