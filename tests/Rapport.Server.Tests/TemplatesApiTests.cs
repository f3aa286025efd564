using System.Net;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>Templates through the real host: versions, deletion, Liquid errors with line and column, previews.</summary>
public abstract class TemplatesApiTests(ServerFixture server)
{
    private const string Welcome = """
        {"name": "Welcome", "channel": "email", "defaultLocale": "en",
         "locales": {
           "en": {"subject": "Welcome, {{ traits.firstName | default: 'friend' }}",
                  "html": "<p>Hello {{ traits.firstName }}!</p><p>Total: {{ journey.total | money: 'EUR' }}</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>"},
           "pl": {"subject": "Witaj, {{ traits.firstName | default: 'przyjacielu' }}", "html": "<p>Cześć</p>", "text": "Cześć {{ traits.firstName }}"}}}
        """;

    [Fact]
    public async Task A_template_is_saved_in_versions_listed_read_and_deleted()
    {
        var admin = server.Client();
        var key = Some.Id("welcome").ToLowerInvariant();

        var (status, saved) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", Welcome);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, "email", "en"), (saved!["version"]!.GetValue<int>(), saved["channel"]!.GetValue<string>(), saved["defaultLocale"]!.GetValue<string>()));
        var (_, second) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", Welcome.Replace("\"Welcome\"", "\"Welcome 2\"", StringComparison.Ordinal));
        Assert.Equal(2, second!["version"]!.GetValue<int>());

        var one = (await admin.GetJsonAsync($"/api/v1/templates/{key}")).Body!;
        Assert.Equal("Welcome 2", one["name"]!.GetValue<string>());
        Assert.Equal(["en", "pl"], one["locales"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal([2, 1], one["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.StartsWith("Welcome, {{", one["template"]!["locales"]!["en"]!["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Welcome", (await admin.GetJsonAsync($"/api/v1/templates/{key}?version=1")).Body!["name"]!.GetValue<string>());
        Assert.Contains((await admin.GetJsonAsync("/api/v1/templates")).Body!.AsArray(), t => t!["key"]!.GetValue<string>() == key);

        using var deleted = await admin.DeleteAsync($"/api/v1/templates/{key}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync($"/api/v1/templates/{key}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetJsonAsync($"/api/v1/templates/{key}?version=2")).Status); // kept for what was sent
        Assert.DoesNotContain((await admin.GetJsonAsync("/api/v1/templates")).Body!.AsArray(), t => t!["key"]!.GetValue<string>() == key);
        using var again = await admin.DeleteAsync($"/api/v1/templates/{key}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_journey_may_send_only_a_template_that_exists_and_the_template_is_not_deleted_under_a_running_journey()
    {
        var admin = server.Client();
        var key = Some.Id("welcome").ToLowerInvariant();
        var topic = Some.Id("news").ToLowerInvariant();
        var journey = Some.Id("greet").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "News"}""");
        var document = $$"""
            {"name": "Greet", "topic": "{{topic}}", "triggers": [{"event": "Signed Up"}],
             "nodes": [{"id": "hello", "type": "send", "channel": "email", "template": "{{key}}", "next": "end"}, {"id": "end", "type": "exit"}]}
            """;

        var (refused, problem) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{journey}", document);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains($"template '{key}' does not exist", problem!["errors"]!["templates"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", Welcome)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{journey}", document)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/journeys/{journey}/activate", "{}")).Status);

        using var conflict = await admin.DeleteAsync($"/api/v1/templates/{key}");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains(journey, await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/journeys/{journey}/stop", "{}")).Status);
        using var deleted = await admin.DeleteAsync($"/api/v1/templates/{key}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task A_journeys_templated_e_mail_carries_one_click_unsubscribe_that_a_mailbox_provider_can_follow()
    {
        var admin = server.Client();
        var (key, topic, journey) = (Some.Id("welcome").ToLowerInvariant(), Some.Id("news").ToLowerInvariant(), Some.Id("greet").ToLowerInvariant());
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "News"}""");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", Welcome);
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{journey}", $$"""
            {"name": "Greet", "topic": "{{topic}}", "triggers": [{"api": true}],
             "nodes": [{"id": "hello", "type": "send", "channel": "email", "template": "{{key}}", "next": "end"}, {"id": "end", "type": "exit"}]}
            """);
        await admin.PostAsync($"/api/v1/journeys/{journey}/activate", "{}");
        var email = Some.Email();
        var (_, person) = await admin.PostAsync("/api/v1/contacts", $$$"""{"email": "{{{email}}}", "traits": {"firstName": "Ewa"}}""");
        var id = person!["id"]!.GetValue<long>();
        await admin.PostAsync($"/api/v1/contacts/{id}/consent", $$"""{"action": "grant", "topic": "{{topic}}", "channel": "email"}""");

        await admin.PostAsync($"/api/v1/journeys/{journey}/entries", $$"""{"contactIds": [{{id}}]}""");

        var file = await Eventually.UntilAsync(
            () => Task.FromResult(Directory.Exists(server.Outbox) ? Directory.GetFiles(server.Outbox, "*.eml").FirstOrDefault(f => File.ReadAllText(f).Contains(email, StringComparison.Ordinal)) : null),
            f => f is not null, "the journey's e-mail in the outbox");
        var mail = await PythonMime.ParseAsync(file!, "List-Unsubscribe", "List-Unsubscribe-Post");
        Assert.Empty(mail.Defects);
        Assert.Equal("Welcome, Ewa", mail.Subject);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var url = mail.Headers["List-Unsubscribe"]!.Trim().Trim('<', '>');
        Assert.Contains(url, Assert.Single(mail.Parts, p => p.ContentType == "text/html").Content, StringComparison.Ordinal); // the template's own link, not a second one

        // What a mailbox provider does on "unsubscribe": a POST of List-Unsubscribe=One-Click, no cookie, no page.
        using var oneClick = await server.Anonymous().PostAsync(new Uri(url).PathAndQuery,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]));
        Assert.True(oneClick.IsSuccessStatusCode, $"{oneClick.StatusCode}");
        var ledger = (await admin.GetJsonAsync($"/api/v1/contacts/{id}/consent")).Body!.AsArray();
        Assert.Equal("withdraw", ledger.Last(r => r!["topic"]?.GetValue<string>() == topic)!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Liquid_that_does_not_parse_is_refused_with_its_path_line_and_column_and_nothing_is_stored()
    {
        var admin = server.Client();
        var key = Some.Id("broken").ToLowerInvariant();

        var (status, problem) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}",
            """{"name": "Broken", "channel": "email", "locales": {"en": {"subject": "Hi", "html": "<p>\n{% if traits.vip %}VIP</p>"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("line 2, column", problem!["errors"]!["locales.en.html"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetJsonAsync($"/api/v1/templates/{key}")).Status);

        var (wrongStatus, wrong) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", """{"name": "X", "channel": "fax", "locales": {"en": {"text": 1}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.NotNull(wrong!["errors"]!["channel"]);
    }

    [Fact]
    public async Task A_preview_renders_for_a_real_contact_in_their_locale_with_their_links()
    {
        var admin = server.Client();
        var key = Some.Id("welcome").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", Welcome);
        var (_, contact) = await admin.PostAsync("/api/v1/contacts",
            $$$"""{"externalId": "{{{Some.Id("tpl")}}}", "email": "ada@example.com", "locale": "pl-PL", "timeZone": "Europe/Warsaw", "traits": {"firstName": "Ada <3"}}""");
        var id = contact!["id"]!.GetValue<long>();

        var (status, polish) = await admin.PostAsync($"/api/v1/templates/{key}/preview", $$"""{"contactId": {{id}}}""");
        var (_, english) = await admin.PostAsync($"/api/v1/templates/{key}/preview", $$$"""{"contactId": {{{id}}}, "locale": "en", "journey": {"total": 12.5}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("pl", "Witaj, Ada <3", "Cześć Ada <3"), (polish!["locale"]!.GetValue<string>(), polish["subject"]!.GetValue<string>(), polish["text"]!.GetValue<string>()));
        var html = english!["html"]!.GetValue<string>();
        Assert.Contains("<p>Hello Ada &lt;3!</p>", html, StringComparison.Ordinal);
        Assert.Contains("€12.50", html, StringComparison.Ordinal); // an English text writes amounts in English, whatever the person's locale
        var unsubscribe = english["text"]!.GetValue<string>().Split("Unsubscribe (")[1].TrimEnd(')');
        Assert.Contains("/u/", unsubscribe, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Anonymous().GetAsync(new Uri(unsubscribe).PathAndQuery)).StatusCode); // a real, signed link
    }

    [Fact]
    public async Task A_preview_renders_sample_data_and_a_render_error_names_its_line_and_column()
    {
        var admin = server.Client();
        var key = Some.Id("sample").ToLowerInvariant();
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}",
            """{"name": "S", "channel": "sms", "locales": {"en": {"text": "Hi {{ traits.name | default: 'you' }}, {{ contact.email }}\n{{ journey.n | divided_by: journey.d }}"}}}""");

        var (status, sample) = await admin.PostAsync($"/api/v1/templates/{key}/preview",
            """{"sample": {"contact": {"email": "s@example.com"}, "traits": {}}, "journey": {"n": 6, "d": 3}}""");
        var (failed, problem) = await admin.PostAsync($"/api/v1/templates/{key}/preview", """{"journey": {"n": 1, "d": 0}}""");
        var (missing, _) = await admin.PostAsync($"/api/v1/templates/{key}/preview", """{"contactId": 999999999}""");
        var (nowhere, _) = await admin.PostAsync("/api/v1/templates/nowhere/preview", "{}");
        var (wrong, wrongBody) = await admin.PostAsync($"/api/v1/templates/{key}/preview", """{"sample": {"contact": {"timeZone": "Mars/Base"}}, "locale": 3, "extra": 1}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Hi you, s@example.com\n2", sample!["text"]!.GetValue<string>());
        Assert.Null(sample["html"]);
        Assert.Equal(HttpStatusCode.BadRequest, failed);
        Assert.StartsWith("Liquid does not render at line 2, column 1: divided by 0", problem!["errors"]!["locales.en.text"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (missing, nowhere, wrong));
        Assert.Equal(["extra", "locale", "sample.contact.timeZone"], wrongBody!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}

public sealed class TemplatesApiOnSqlite(SqliteServer server) : TemplatesApiTests(server), IClassFixture<SqliteServer>;

public sealed class TemplatesApiOnPostgres(PostgresServer server) : TemplatesApiTests(server), IClassFixture<PostgresServer>;
