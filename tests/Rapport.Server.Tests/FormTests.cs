using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Server.Tests;

public abstract class FormTests(ServerFixture server)
{
    private async Task<string> NewFormAsync(string topics = "\"news\"", string? consentText = null)
    {
        var (status, body) = await server.Client().PostAsync("/api/v1/forms",
            $$$"""{"name": "Footer signup", "topics": [{{{topics}}}]{{{(consentText is null ? "" : $", \"consentTextKey\": \"{consentText}\"")}}}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["id"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> PostFormAsync(string id, params (string, string)[] fields)
    {
        using var anonymous = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/f/{id}")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))),
        };
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Add("User-Agent", "FormTest/1.0");
        return await anonymous.SendAsync(request);
    }

    private async Task<List<Rapport.Core.Messages.OutboxMessage>> ConfirmationsAsync(string email)
    {
        var outbox = server.Services.GetRequiredService<IOutbox>();
        var ws = (await server.Services.GetRequiredService<IWorkspaceStore>().FindAsync("default", CancellationToken.None))!.Id;
        return (await outbox.ForContactAsync(ws, (await ContactIdAsync(email))!.Value, CancellationToken.None)).Where(m => m.Purpose == "confirmation").ToList();
    }

    private async Task<long?> ContactIdAsync(string email)
    {
        var items = (await server.Client().GetJsonAsync($"/api/v1/contacts?email={Uri.EscapeDataString(email)}")).Body!["items"]!.AsArray();
        return items.Count == 0 ? null : items[0]!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task A_web_page_signs_a_person_up_with_the_consent_text_they_saw_as_evidence()
    {
        await server.Client().PostAsync("/api/v1/consent-texts", """{"key": "footer", "locale": "en", "text": "Send me news."}""");
        var id = await NewFormAsync(consentText: "footer");
        var email = Some.Email();

        using var answer = await PostFormAsync(id, ("email", email), ("website", ""));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("check your inbox", await answer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var contact = await ContactIdAsync(email);
        var grant = (await server.Client().GetJsonAsync($"/api/v1/contacts/{contact}/consent")).Body!.AsArray().Single()!;
        Assert.Equal(("form", "footer", true), (grant["source"]!.GetValue<string>(), grant["consentTextKey"]!.GetValue<string>(), grant["awaitsConfirmation"]!.GetValue<bool>()));
        Assert.True(grant["consentTextVersion"]!.GetValue<int>() >= 1);
        Assert.Equal("FormTest/1.0", grant["userAgent"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signing_one_address_up_again_and_again_mails_it_once_an_hour_from_any_node_and_answers_alike()
    {
        var id = await NewFormAsync();
        var email = Some.Email();
        await using var node = await server.StartNodeAsync();
        using var first = await PostFormAsync(id, ("email", email));
        using var again = await PostFormAsync(id, ("email", email.ToUpperInvariant()));
        using var elsewhere = new HttpClient { BaseAddress = ServerFixture.AddressOf(node) };
        using var onTheOtherNode = await elsewhere.PostAsync($"/f/{id}", new FormUrlEncodedContent([new("email", email)]));
        var (status, answer) = await ServerFixture.Client(node, server.AdminKey).PostAsync("/api/v1/signups", $$"""{"email": "{{email}}", "topics": ["news"]}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode, onTheOtherNode.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync()); // nothing tells whether a mail went
        Assert.Equal((HttpStatusCode.Accepted, "pending"), (status, answer!["status"]!.GetValue<string>()));
        var mail = Assert.Single(await ConfirmationsAsync(email));
        Assert.Equal(mail.Id, answer["messageId"]!.GetValue<long>()); // the mail already on its way asks them to confirm
        Assert.Single((await server.Client().GetJsonAsync($"/api/v1/contacts/{mail.ContactId}/consent")).Body!.AsArray()); // one pending grant

        server.Clock.Advance(TimeSpan.FromHours(1));
        using var anHourLater = await PostFormAsync(id, ("email", email));
        Assert.Equal(2, (await ConfirmationsAsync(email)).Count);
    }

    [Fact]
    public async Task A_filled_honeypot_is_thanked_and_nothing_is_kept()
    {
        var id = await NewFormAsync();
        var email = Some.Email();
        using var answer = await PostFormAsync(id, ("email", email), ("website", "http://spam.example"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Null(await ContactIdAsync(email));
    }

    [Fact]
    public async Task A_flood_from_one_address_is_turned_away()
    {
        var id = await NewFormAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var answer = await PostFormAsync(id, ("email", Some.Email()));
            statuses.Add(answer.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Bad_forms_and_bad_posts_get_clear_answers()
    {
        var (status, body) = await server.Client().PostAsync("/api/v1/forms", """{"name": "", "topics": ["gardening"], "consentTextKey": "nope"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["consentTextKey", "name", "topics"], body!["errors"]!.AsObject().Select(e => e.Key).Order());

        using var unknown = await PostFormAsync("f0000000000000000", ("email", Some.Email()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var badEmail = await PostFormAsync(await NewFormAsync(), ("email", "not-an-address"));
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Contains("email", await badEmail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class FormsOnSqlite(SqliteServer server) : FormTests(server), IClassFixture<SqliteServer>;

public sealed class FormsOnPostgres(PostgresServer server) : FormTests(server), IClassFixture<PostgresServer>;
