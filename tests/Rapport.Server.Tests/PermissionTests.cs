using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Server.Tests;

public abstract partial class PermissionTests(ServerFixture server)
{
    private async Task<long> NewContactAsync(string? locale = null)
    {
        var (status, body) = await server.Client().PostAsync("/api/v1/contacts",
            $$$"""{"email": "{{{Some.Email()}}}", "externalId": "{{{Some.Id("u")}}}"{{{(locale is null ? "" : $", \"locale\": \"{locale}\"")}}}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["id"]!.GetValue<long>();
    }

    private async Task<JsonArray> SubscriptionsAsync(long id) => (JsonArray)(await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/subscriptions")).Body!;

    private async Task<JsonArray> LedgerAsync(long id) => (JsonArray)(await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/consent")).Body!;

    private static string Status(JsonArray states, string topic, string channel = "email") =>
        states.FirstOrDefault(s => s!["topic"]!.GetValue<string>() == topic && s["channel"]!.GetValue<string>() == channel)?["status"]?.GetValue<string>() ?? "none";

    private static async Task<HttpResponseMessage> FormPostAsync(HttpClient client, string url, params (string, string)[] fields) =>
        await client.PostAsync(new Uri(url).PathAndQuery, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));

    [Fact]
    public async Task Double_opt_in_sends_a_confirmation_mail_whose_link_confirms_only_when_the_button_is_pressed()
    {
        var email = Some.Email();
        var (status, body) = await server.Client().PostAsync("/api/v1/signups", $$$"""{"email": "{{{email}}}", "topics": ["news", "offers"], "locale": "pl-PL"}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = body!["contactId"]!.GetValue<long>();
        Assert.Equal("pending", Status(await SubscriptionsAsync(id), "news"));

        var mail = await PythonMime.ParseAsync(await OutboxFolder.WaitForAsync(server.Outbox, body["messageId"]!.GetValue<long>()));
        Assert.Empty(mail.Defects);
        Assert.Equal(email, mail.To);
        Assert.Equal("Potwierdź swoją subskrypcję", mail.Subject);
        var link = ConfirmLink().Match(mail.Text(0)).Value;

        using var browser = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(link).PathAndQuery)).StatusCode);
        Assert.Equal("pending", Status(await SubscriptionsAsync(id), "news")); // opening the link (or a scanner) changes nothing

        Assert.Equal(HttpStatusCode.OK, (await FormPostAsync(browser, link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FormPostAsync(browser, link)).StatusCode); // a second confirmation is harmless
        var states = await SubscriptionsAsync(id);
        Assert.Equal(("subscribed", "subscribed"), (Status(states, "news"), Status(states, "offers")));
        var confirms = (await LedgerAsync(id)).Where(r => r!["action"]!.GetValue<string>() == "confirm").ToList();
        Assert.Single(confirms);
        Assert.Equal("127.0.0.1", confirms[0]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_click_POST_withdraws_and_GET_changes_nothing()
    {
        var id = await NewContactAsync();
        await server.Client().PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "topic": "news", "channel": "email"}""");
        var links = (await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/links")).Body!;
        var unsubscribe = links["unsubscribe"]!.GetValue<string>();
        using var browser = server.Anonymous();

        var page = await browser.GetAsync(new Uri(unsubscribe).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("List-Unsubscribe", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("subscribed", Status(await SubscriptionsAsync(id), "news"));

        var done = await FormPostAsync(browser, unsubscribe, ("List-Unsubscribe", "One-Click"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.All(await SubscriptionsAsync(id), s => Assert.Equal("unsubscribed", s!["status"]!.GetValue<string>()));
        Assert.Equal("one_click_unsubscribe", (await LedgerAsync(id))[^1]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tampered_expired_and_wrong_purpose_tokens_get_a_clear_page_and_change_nothing()
    {
        var id = await NewContactAsync();
        await server.Client().PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "topic": "news", "channel": "email"}""");
        var links = (await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/links")).Body!;
        var unsubscribe = new Uri(links["unsubscribe"]!.GetValue<string>()).PathAndQuery;
        var token = unsubscribe["/u/".Length..];
        var flipped = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];
        using var browser = server.Anonymous();

        foreach (var bad in new[] { "/u/" + flipped, "/u/" + token[..^2], "/u/not-a-token", "/u/" + new Uri(links["preferences"]!.GetValue<string>()).PathAndQuery[3..] })
        {
            var answer = await FormPostAsync(browser, server.BaseAddress + bad.TrimStart('/'), ("List-Unsubscribe", "One-Click"));
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("not valid", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        server.Clock.Advance(TimeSpan.FromDays(400)); // past the unsubscribe lifetime (365 days); the clock goes only forward
        var expired = await FormPostAsync(browser, server.BaseAddress + unsubscribe.TrimStart('/'), ("List-Unsubscribe", "One-Click"));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal("subscribed", Status(await SubscriptionsAsync(id), "news"));
        Assert.Single(await LedgerAsync(id));
    }

    [Fact]
    public async Task Bad_consent_requests_name_the_field_and_repeats_are_idempotent()
    {
        var id = await NewContactAsync();
        var client = server.Client();
        var unknownTopic = await client.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "topic": "gardening"}""");
        var unknownChannel = await client.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "grant", "channel": "fax"}""");
        var noAction = await client.PostAsync($"/api/v1/contacts/{id}/consent", """{"topic": "news"}""");
        var nothingPending = await client.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "confirm", "topic": "news"}""");
        var missing = await client.PostAsync("/api/v1/contacts/999999999/consent", """{"action": "grant"}""");

        Assert.Equal(HttpStatusCode.BadRequest, unknownTopic.Status);
        Assert.NotNull(unknownTopic.Body!["errors"]!["topic"]);
        Assert.NotNull(unknownChannel.Body!["errors"]!["channel"]);
        Assert.NotNull(noAction.Body!["errors"]!["action"]);
        Assert.Equal(HttpStatusCode.Conflict, nothingPending.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);

        var first = await client.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "withdraw", "reason": "moved abroad"}""");
        var again = await client.PostAsync($"/api/v1/contacts/{id}/consent", """{"action": "withdraw"}""");
        Assert.True(first.Body!["recorded"]!.GetValue<bool>());
        Assert.False(again.Body!["recorded"]!.GetValue<bool>());
        Assert.Single(await LedgerAsync(id));
    }

    [Fact]
    public async Task Tracked_consent_events_take_the_ledger_path_and_bad_ones_are_rejected_by_index()
    {
        var userId = Some.Id("u");
        using var ingest = server.Client(server.IngestKey);
        var (status, answer) = await ingest.PostAsync("/v1/batch", $$$"""
            {"batch": [
              {"type": "track", "userId": "{{{userId}}}", "event": "Consent Granted", "properties": {"topic": "news", "channel": "email", "source": "form"},
               "context": {"ip": "192.0.2.10", "userAgent": "Shop/1.0"}, "timestamp": "2026-03-01T08:00:00Z"},
              {"type": "track", "userId": "{{{userId}}}", "event": "Consent Granted", "properties": {"topic": "offers", "channel": "sms"}, "timestamp": "2026-03-01T08:01:00Z"},
              {"type": "track", "userId": "{{{userId}}}", "event": "Consent Withdrawn", "properties": {"topic": "offers", "reason": "too many texts"}, "timestamp": "2026-03-01T08:02:00Z"},
              {"type": "track", "userId": "{{{userId}}}", "event": "Consent Granted", "properties": {"topic": "gardening"}},
              {"type": "track", "userId": "{{{userId}}}", "event": "Consent Granted", "properties": {"topic": "news", "channel": "fax"}}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var rejected = answer!["rejected"]!.AsArray();
        Assert.Equal([3, 4], rejected.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Contains("properties.topic", rejected[0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("properties.channel", rejected[1]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var id = (await server.Client().GetJsonAsync($"/api/v1/contacts?externalId={userId}")).Body!["items"]![0]!["id"]!.GetValue<long>();
        var states = await SubscriptionsAsync(id);
        Assert.Equal(("subscribed", "unsubscribed"), (Status(states, "news"), Status(states, "offers", "sms")));
        var ledger = await LedgerAsync(id);
        Assert.Equal(3, ledger.Count);
        Assert.Equal(("form", "192.0.2.10", "Shop/1.0"), (ledger[0]!["source"]!.GetValue<string>(), ledger[0]!["ip"]!.GetValue<string>(), ledger[0]!["userAgent"]!.GetValue<string>()));
        Assert.Equal(("tracking", "too many texts"), (ledger[2]!["source"]!.GetValue<string>(), ledger[2]!["reason"]!.GetValue<string>()));

        var again = await ingest.PostAsync("/v1/batch", $$$"""{"batch": [{"type": "track", "messageId": "consent-{{{userId}}}", "userId": "{{{userId}}}", "event": "Consent Withdrawn", "properties": {"topic": "news"}}]}""");
        var retried = await ingest.PostAsync("/v1/batch", $$$"""{"batch": [{"type": "track", "messageId": "consent-{{{userId}}}", "userId": "{{{userId}}}", "event": "Consent Withdrawn", "properties": {"topic": "news"}}]}""");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (again.Status, retried.Status));
        Assert.Equal(4, (await LedgerAsync(id)).Count); // a retried message is stored once and recorded once
    }

    [Fact]
    public async Task The_gate_never_sends_to_a_suppressed_address()
    {
        var email = Some.Email();
        Assert.Equal(HttpStatusCode.NoContent, (await server.Client().SendAsync(HttpMethod.Post, "/api/v1/suppressions",
            $$$"""{"email": "{{{email.ToUpperInvariant()}}}", "reason": "complaint"}""")).Status);
        var (_, body) = await server.Client().PostAsync("/api/v1/signups", $$$"""{"email": "{{{email}}}", "topics": ["news"]}""");
        var id = body!["contactId"]!.GetValue<long>();

        var outbox = server.Services.GetRequiredService<IOutbox>();
        var ws = (await server.Services.GetRequiredService<IWorkspaceStore>().FindAsync("default", CancellationToken.None))!.Id;
        var message = await Eventually.UntilAsync( // the dispatcher runs in the background: wait until it has handled the message
            async () => (await outbox.ForContactAsync(ws, id, CancellationToken.None)).SingleOrDefault(),
            m => m?.Status is not (null or MessageStatus.Queued), "the dispatcher handling the message");

        Assert.Equal(MessageStatus.Suppressed, message!.Status);
        Assert.False(File.Exists(Path.Combine(server.Outbox, $"m{message.Id}.eml")));
    }

    [Fact]
    public async Task People_edit_only_the_fields_the_workspace_marks_as_editable()
    {
        var put = await server.Client().SendAsync(HttpMethod.Put, "/api/v1/preference-center", """{"editableFields": ["nickname", "city"]}""");
        var bad = await server.Client().SendAsync(HttpMethod.Put, "/api/v1/preference-center", """{"editableFields": ["ok", "no spaces please"]}""");
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.NotNull(bad.Body!["errors"]!["editableFields"]);
        var id = await NewContactAsync();
        var preferences = (await server.Client().GetJsonAsync($"/api/v1/contacts/{id}/links")).Body!["preferences"]!.GetValue<string>();
        using var browser = server.Anonymous();

        var page = await browser.GetStringAsync(new Uri(preferences).PathAndQuery);
        Assert.Contains("name=\"profile.nickname\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("profile.firstName", page, StringComparison.Ordinal);
        using var saved = await FormPostAsync(browser, preferences, ("topics", ""), ("profile.nickname", "Zosia"), ("profile.city", "Gdańsk"), ("profile.firstName", "Mallory"));

        var contact = (await server.Client().GetJsonAsync($"/api/v1/contacts/{id}")).Body!;
        Assert.Equal(("Zosia", "Gdańsk"), (contact["traits"]!["nickname"]!.GetValue<string>(), contact["address"]!["city"]!.GetValue<string>()));
        Assert.Null(contact["traits"]!["firstName"]);
        await server.Client().SendAsync(HttpMethod.Put, "/api/v1/preference-center", """{"editableFields": ["firstName", "lastName", "postcode"]}""");
    }

    [GeneratedRegex(@"https?://\S+/confirm/\S+")]
    private static partial Regex ConfirmLink();
}

public sealed class PermissionOnSqlite(SqliteServer server) : PermissionTests(server), IClassFixture<SqliteServer>;

public sealed class PermissionOnPostgres(PostgresServer server) : PermissionTests(server), IClassFixture<PostgresServer>;
