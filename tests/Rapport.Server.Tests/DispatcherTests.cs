using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Engine.Dispatch;
using Rapport.Storage;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>The dispatcher in the running host, with messages it cannot send among those it can. A class of its own: it moves the clock.</summary>
public abstract class DispatcherTests(ServerFixture server)
{
    private Database Db => server.Services.GetRequiredService<Database>();

    private async Task<int> WorkspaceAsync() =>
        (await server.Services.GetRequiredService<IWorkspaceStore>().FindAsync("default", CancellationToken.None))!.Id;

    /// <summary>A message put straight into the outbox, as a row any version of Rapport may have left there.</summary>
    private Task<long> QueueAsync(int workspaceId, long? contactId, string content, DateTimeOffset due, string channel = "email") =>
        Db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(
            """
            INSERT INTO message (workspace_id, contact_id, channel, purpose, status, content, due_at, created_at)
            VALUES (@WorkspaceId, @ContactId, @Channel, 'test', 'queued', @Content, @Due, @Due) RETURNING id
            """,
            new { WorkspaceId = workspaceId, ContactId = contactId, Channel = channel, Content = content, Due = due.ToUnixTimeMilliseconds() }, tx),
            CancellationToken.None);

    private Task<(string Status, string? Reason)> StateAsync(long id) =>
        Db.ReadAsync(c => c.QuerySingleAsync<(string, string?)>("SELECT status, reason FROM message WHERE id = @Id", new { Id = id }), CancellationToken.None);

    /// <summary>A contact with an e-mail queued for them, due in an hour.</summary>
    private async Task<(long Contact, long Message, EmailMessage Mail)> PersonWithMailAsync(int ws)
    {
        var email = Some.Email();
        var (_, person) = await server.Client().PostAsync("/api/v1/contacts", $$$"""{"email": "{{{email}}}"}""");
        var mail = new EmailMessage("", "shop@shop.example", null, email, "Our news", "Hello", null, []);
        var id = person!["id"]!.GetValue<long>();
        return (id, await QueueAsync(ws, id, JsonSerializer.Serialize(mail), server.Clock.GetUtcNow().AddHours(1)), mail);
    }

    [Fact]
    public async Task Messages_that_cannot_be_sent_are_marked_with_why_and_the_host_sends_the_others()
    {
        var ws = await WorkspaceAsync();
        var admin = server.Client();
        var (person, forErased, mail) = await PersonWithMailAsync(ws);
        using var erased = await admin.DeleteAsync($"/api/v1/contacts/{person}?erase=true");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        server.Clock.Advance(TimeSpan.FromHours(2));

        var blank = await QueueAsync(ws, null, "{}", server.Clock.GetUtcNow());
        var unreadable = await QueueAsync(ws, null, "not JSON", server.Clock.GetUtcNow());
        var fax = await QueueAsync(ws, null, JsonSerializer.Serialize(mail), server.Clock.GetUtcNow(), channel: "fax");
        server.Services.GetRequiredService<Dispatcher>().Wake();
        var (status, signup) = await admin.PostAsync("/api/v1/signups", $$$"""{"email": "{{{Some.Email()}}}", "topics": ["news"]}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        await OutboxFolder.WaitForAsync(server.Outbox, signup!["messageId"]!.GetValue<long>()); // sent after the bad ones
        Assert.Equal(("suppressed", "the person was erased"), await StateAsync(forErased));
        var reasons = new Dictionary<long, string> { [blank] = "names no sender or recipient", [unreadable] = "cannot be read", [fax] = "'fax' is not a channel" };
        foreach (var (id, reason) in reasons)
        {
            var (state, why) = await StateAsync(id);
            Assert.Equal("failed", state);
            Assert.Contains(reason, why, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(server.Outbox, $"m{id}.eml")));
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Anonymous().GetJsonAsync("/healthz")).Status);
    }

    [Fact]
    public async Task A_deleted_contacts_queued_message_is_never_sent()
    {
        var (person, queued, _) = await PersonWithMailAsync(await WorkspaceAsync());

        using var deleted = await server.Client().DeleteAsync($"/api/v1/contacts/{person}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(("suppressed", "the contact was deleted"), await StateAsync(queued));
    }
}

public sealed class DispatcherOnSqlite(SqliteServer server) : DispatcherTests(server), IClassFixture<SqliteServer>;

public sealed class DispatcherOnPostgres(PostgresServer server) : DispatcherTests(server), IClassFixture<PostgresServer>;
