using System.Text.Json;
using Dapper;
using Rapport.Core.Messages;
using Rapport.Core.Workspaces;
using Rapport.Storage;
using Rapport.Storage.Migrations;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>`rapport serve` killed (SIGKILL) while its dispatcher sends, then started again: nothing lost, nothing sent twice.</summary>
public abstract class DispatcherCrashTests(StoreKind kind)
{
    private const int Count = 1000;

    [Fact]
    public async Task A_server_killed_while_sending_sends_every_message_once_after_a_restart_and_keeps_serving()
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        await using var db = new Database(test.Options);
        var outbox = Directory.CreateTempSubdirectory("rapport-crash-outbox-").FullName;
        var ids = await QueueAsync(db);
        string[] settings = [$"--Rapport:Outbox:Folder={outbox}", "--Rapport:Outbox:LeaseSeconds=2"];

        var first = await RapportProcess.ServeAsync(test, outbox, settings);
        await Eventually.UntilAsync(() => Task.FromResult(Directory.GetFiles(outbox, "*.eml").Length), sent => sent > 0, "the dispatcher sending");
        await first.KillAsync();
        var sentBefore = (await StatesAsync(db)).Where(s => s.Value == "sent").Select(s => s.Key).ToList();
        var writtenBefore = sentBefore.ToDictionary(id => id, id => File.GetLastWriteTimeUtc(Path.Combine(outbox, $"m{id}.eml")));

        await using var second = await RapportProcess.ServeAsync(test, outbox, settings);
        var states = await StatesAsync(db);
        while (states.Values.Any(v => v != "sent")) // however slow the machine, as long as the sending goes on
        {
            var sent = states.Values.Count(v => v == "sent");
            states = await Eventually.UntilAsync(() => StatesAsync(db), s => s.Values.Count(v => v == "sent") > sent, "more messages sent after the restart");
        }

        Assert.Equal(ids.Order(), states.Keys.Order());
        Assert.Equal(ids.Select(id => $"m{id}.eml").Order(), Directory.GetFiles(outbox, "*.eml").Select(Path.GetFileName).Order());
        Assert.All(writtenBefore, sent => Assert.Equal(sent.Value, File.GetLastWriteTimeUtc(Path.Combine(outbox, $"m{sent.Key}.eml")))); // not sent again
        Assert.True(await second.IsHealthyAsync() && !second.HasExited);
        Directory.Delete(outbox, recursive: true);
    }

    private static async Task<List<long>> QueueAsync(Database db)
    {
        var now = TestClock.Start;
        await MigrationRunner.ApplyAsync(db, now, CancellationToken.None);
        var workspace = await new WorkspaceStore(db).GetOrCreateAsync(Workspace.DefaultName, now, CancellationToken.None);
        return await db.WriteAsync(async (c, tx) =>
        {
            var ids = new List<long>();
            for (var i = 0; i < Count; i++)
            {
                var mail = new EmailMessage("", "shop@shop.example", null, $"person-{i}@example.com", "News", "Hello", null, []);
                ids.Add(await c.ExecuteScalarAsync<long>(
                    "INSERT INTO message (workspace_id, channel, purpose, status, recipient, content, due_at, created_at) " +
                    "VALUES (@Workspace, 'email', 'transactional', 'queued', @To, @Content, 0, 0) RETURNING id",
                    new { Workspace = workspace.Id, mail.To, Content = JsonSerializer.Serialize(mail) }, tx));
            }

            return ids;
        }, CancellationToken.None);
    }

    private static async Task<Dictionary<long, string>> StatesAsync(Database db) =>
        (await db.ReadAsync(c => c.QueryAsync<(long Id, string Status)>("SELECT id, status FROM message"), CancellationToken.None))
        .ToDictionary(m => m.Id, m => m.Status);
}

public sealed class DispatcherCrashOnSqlite() : DispatcherCrashTests(StoreKind.Sqlite);

public sealed class DispatcherCrashOnPostgres() : DispatcherCrashTests(StoreKind.Postgres);
