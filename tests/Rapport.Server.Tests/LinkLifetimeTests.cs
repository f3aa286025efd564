using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Storage;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>A signed link dies with the person it was made for: it never opens, changes or confirms anything of anyone else.</summary>
public abstract partial class LinkLifetimeTests(ServerFixture server)
{
    private sealed record Links(long ContactId, string Preferences, string Unsubscribe, string Confirm);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>A person signed up by e-mail (a pending grant) and subscribed to news: every kind of link they can hold.</summary>
    private async Task<(Links Links, string Email)> PersonAsync()
    {
        var admin = server.Client();
        var email = Some.Email();
        var (_, signup) = await admin.PostAsync("/api/v1/signups", $$$"""{"email": "{{{email}}}", "topics": ["offers"]}""");
        var id = signup!["contactId"]!.GetValue<long>();
        await admin.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "topic": "news", "channel": "email"}""");
        var mail = await File.ReadAllTextAsync(await OutboxFolder.WaitForAsync(server.Outbox, signup["messageId"]!.GetValue<long>()));
        var links = (await admin.GetJsonAsync($"/api/v1/contacts/{id}/links")).Body!;
        return (new Links(id, PathOf(links["preferences"]!.GetValue<string>()), PathOf(links["unsubscribe"]!.GetValue<string>()),
            PathOf(ConfirmLink().Match(mail).Value)), email);
    }

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private async Task<Dictionary<string, string>> StatesAsync(long id) =>
        (await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/subscriptions")).Body!.AsArray()
        .Where(s => s!["channel"]!.GetValue<string>() == "email")
        .ToDictionary(s => s!["topic"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());

    private async Task AssertDeadAsync(Links old, long nextId, string nextEmail)
    {
        using var browser = server.Anonymous();
        var before = await StatesAsync(nextId);
        var answers = new[]
        {
            await browser.GetAsync(old.Preferences),
            await browser.PostAsync(old.Preferences, Form(("topics", "news,offers"))),
            await browser.PostAsync(old.Preferences + "/leave", Form(("reason", "other"))),
            await browser.GetAsync(old.Unsubscribe),
            await browser.PostAsync(old.Unsubscribe, Form(("List-Unsubscribe", "One-Click"))),
            await browser.GetAsync(old.Confirm),
            await browser.PostAsync(old.Confirm, Form()),
        };

        foreach (var answer in answers)
        {
            var page = await answer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("not valid", page, StringComparison.Ordinal);
            Assert.DoesNotContain(nextEmail, page, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(("subscribed", "pending"), (before["news"], before["offers"]));
        Assert.Equal(before, await StatesAsync(nextId));
        var ledger = (await server.Client().GetJsonAsync($"/api/v1/contacts/{nextId}/consent")).Body!.AsArray();
        Assert.DoesNotContain(ledger, r => r!["source"]!.GetValue<string>() is "form" or "one_click_unsubscribe" or "preference_center");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?erase=true")]
    public async Task The_links_of_a_deleted_or_erased_person_open_nothing_of_the_next_person(string erase)
    {
        var (old, _) = await PersonAsync();
        using var deleted = await server.Client().DeleteAsync($"/api/v1/contacts/{old.ContactId}{erase}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var (next, email) = await PersonAsync();

        Assert.True(next.ContactId > old.ContactId, $"contact id {old.ContactId} was given again as {next.ContactId}");
        await AssertDeadAsync(old, next.ContactId, email);
    }

    [Fact]
    public async Task The_links_of_a_person_merged_into_another_open_nothing()
    {
        var (old, _) = await PersonAsync();
        var admin = server.Client();
        var formerLogin = Some.Id("login");
        await admin.PatchAsync($"/api/v1/contacts/{old.ContactId}", $$$"""{"externalId": "{{{formerLogin}}}"}""");
        var (next, email) = await PersonAsync();
        var survivorLogin = Some.Id("login");
        await admin.PatchAsync($"/api/v1/contacts/{next.ContactId}", $$$"""{"externalId": "{{{survivorLogin}}}"}""");

        var (status, _) = await server.Client(server.IngestKey).PostAsync("/v1/alias", $$$"""{"userId": "{{{survivorLogin}}}", "previousId": "{{{formerLogin}}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync($"/api/v1/contacts/{old.ContactId}")).Status);
        await AssertDeadAsync(old, next.ContactId, email);
    }

    [Fact]
    public async Task A_link_made_for_someone_who_had_the_same_id_opens_nothing()
    {
        var (old, _) = await PersonAsync();
        var (next, email) = await PersonAsync();
        var db = server.Services.GetRequiredService<Database>();
        // As after restoring a backup over newer data: the next person is stored under the old one's id.
        await db.WriteAsync(async (c, tx) =>
        {
            foreach (var table in new[] { "contact_identity", "consent_record", "subscription", "message", "segment_membership", "contact_stage" })
            {
                await c.ExecuteAsync($"DELETE FROM {table} WHERE contact_id = @Old", new { Old = old.ContactId }, tx);
                await c.ExecuteAsync($"UPDATE {table} SET contact_id = @Old WHERE contact_id = @Next", new { Old = old.ContactId, Next = next.ContactId }, tx);
            }

            await c.ExecuteAsync("DELETE FROM contact WHERE id = @Old", new { Old = old.ContactId }, tx);
            return await c.ExecuteAsync("UPDATE contact SET id = @Old WHERE id = @Next", new { Old = old.ContactId, Next = next.ContactId }, tx);
        }, CancellationToken.None);

        await AssertDeadAsync(old, old.ContactId, email);
    }

    [GeneratedRegex(@"https?://\S+/confirm/\S+")]
    private static partial Regex ConfirmLink();
}

public sealed class LinkLifetimeOnSqlite(SqliteServer server) : LinkLifetimeTests(server), IClassFixture<SqliteServer>;

public sealed class LinkLifetimeOnPostgres(PostgresServer server) : LinkLifetimeTests(server), IClassFixture<PostgresServer>;
