using System.Net;
using System.Text.Json.Nodes;
using Rapport.Testing;

namespace Rapport.Server.Tests;

/// <summary>The transactional API and support's view of messages, through the real host: queue, send, read back, refuse bad input.</summary>
public abstract class MessagesApiTests(ServerFixture server)
{
    private const string Receipt = """
        {"name": "Receipt", "channel": "email", "defaultLocale": "en",
         "locales": {"en": {"subject": "Your order, {{ traits.firstName | default: 'friend' }}",
                            "html": "<p>Order {{ journey.order }}: {{ journey.total | money: 'EUR' }}</p>"}}}
        """;

    /// <summary>A saved receipt template and a contact with an e-mail address; their keys and id.</summary>
    private async Task<(string Template, long Contact, string Email)> TemplateAndPersonAsync()
    {
        var admin = server.Client();
        var key = Some.Id("receipt").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{key}", Receipt)).Status);
        var email = Some.Email();
        var (_, person) = await admin.PostAsync("/api/v1/contacts", $$$"""{"email": "{{{email}}}", "traits": {"firstName": "Ewa"}}""");
        return (key, person!["id"]!.GetValue<long>(), email);
    }

    private async Task<JsonNode> WhenAsync(long message, string status) =>
        (await Eventually.UntilAsync(() => server.Client().GetJsonAsync($"/api/v1/messages/{message}"),
            r => r.Body?["message"]?["status"]?.GetValue<string>() == status, $"message {message} {status}")).Body!;

    [Fact]
    public async Task A_transactional_e_mail_is_rendered_for_the_person_sent_through_the_gate_and_told_to_support()
    {
        var admin = server.Client();
        var (template, contact, email) = await TemplateAndPersonAsync();

        var (status, queued) = await admin.PostAsync("/api/v1/messages",
            $$$"""{"contactId": {{{contact}}}, "template": "{{{template}}}", "transactional": true, "data": {"order": "A-17", "total": 12.5}}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = queued!["id"]!.GetValue<long>();
        var mail = await PythonMime.ParseAsync(await OutboxFolder.WaitForAsync(server.Outbox, id), "List-Unsubscribe");
        Assert.Empty(mail.Defects);
        Assert.Equal(("Your order, Ewa", email), (mail.Subject, mail.To));
        Assert.Contains("Order A-17", Assert.Single(mail.Parts, p => p.ContentType == "text/html").Content, StringComparison.Ordinal);
        Assert.Null(mail.Headers["List-Unsubscribe"]); // transactional: no unsubscribe

        var detail = await WhenAsync(id, "sent");
        var message = detail["message"]!;
        Assert.Equal(("email", "transactional", email, contact), (message["channel"]!.GetValue<string>(), message["purpose"]!.GetValue<string>(),
            message["recipient"]!.GetValue<string>(), message["contactId"]!.GetValue<long>()));
        Assert.NotNull(message["sentAt"]);
        Assert.Null(message["journey"]);
        Assert.Equal("send", Assert.Single(detail["decisions"]!.AsArray())!["decision"]!.GetValue<string>());
        Assert.Equal(template, detail["content"]!["template"]!.GetValue<string>());
        Assert.Equal("A-17", detail["content"]!["data"]!["order"]!.GetValue<string>());
        Assert.Equal("Your order, Ewa", detail["content"]!["subject"]!.GetValue<string>()); // as it went to the person
        Assert.Equal(mail.Parts.Single(p => p.ContentType == "text/html").Content.Trim(), detail["content"]!["html"]!.GetValue<string>().Trim());
        Assert.Null(detail["content"]!["note"]);

        var listed = (await admin.GetJsonAsync($"/api/v1/messages?contactId={contact}&status=sent")).Body!["items"]!.AsArray();
        Assert.Equal(id, Assert.Single(listed)!["id"]!.GetValue<long>());
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/messages?contactId={contact}&status=queued")).Body!["items"]!.AsArray());
        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact}/timeline")).Body!["items"]!.AsArray();
        var sent = Assert.Single(timeline, e => e!["name"]?.GetValue<string>() == "Email Sent")!;
        Assert.Equal((id, "rapport"), (sent["properties"]!["message"]!.GetValue<long>(), sent["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Marketing_goes_only_under_an_existing_topic_and_the_gate_suppresses_it_for_a_person_not_subscribed()
    {
        var admin = server.Client();
        var (template, contact, _) = await TemplateAndPersonAsync();
        var topic = Some.Id("offers").ToLowerInvariant();

        var (unknown, problem) = await admin.PostAsync("/api/v1/messages", $$"""{"contactId": {{contact}}, "template": "{{template}}", "topic": "{{topic}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.NotNull(problem!["errors"]!["topic"]);

        await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "Offers"}""");
        var (status, queued) = await admin.PostAsync("/api/v1/messages", $$"""{"contactId": {{contact}}, "template": "{{template}}", "topic": "{{topic}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, status);

        var detail = await WhenAsync(queued!["id"]!.GetValue<long>(), "suppressed");
        Assert.Equal(("api", topic), (detail["message"]!["purpose"]!.GetValue<string>(), detail["message"]!["topic"]!.GetValue<string>()));
        Assert.Equal("suppress", Assert.Single(detail["decisions"]!.AsArray())!["decision"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(server.Outbox, $"m{queued["id"]}.eml")));
    }

    [Fact]
    public async Task A_journeys_e_mail_is_found_by_its_journey_and_names_its_node_in_the_list_and_on_the_timeline()
    {
        var admin = server.Client();
        var (template, contact, _) = await TemplateAndPersonAsync();
        var (topic, journey) = (Some.Id("news").ToLowerInvariant(), Some.Id("thanks").ToLowerInvariant());
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/topics/{topic}", """{"name": "News"}""");
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/journeys/{journey}", $$"""
            {"name": "Thanks", "topic": "{{topic}}", "triggers": [{"api": true}],
             "nodes": [{"id": "hello", "type": "send", "channel": "email", "template": "{{template}}", "next": "end"}, {"id": "end", "type": "exit"}]}
            """);
        await admin.PostAsync($"/api/v1/journeys/{journey}/activate", "{}");
        await admin.PostAsync($"/api/v1/contacts/{contact}/consent", $$"""{"action": "grant", "topic": "{{topic}}", "channel": "email"}""");

        await admin.PostAsync($"/api/v1/journeys/{journey}/entries", $$"""{"contactIds": [{{contact}}]}""");

        var listed = await Eventually.UntilAsync(() => admin.GetJsonAsync($"/api/v1/messages?journey={journey}&status=sent"),
            r => r.Body?["items"]?.AsArray().Count == 1, "the journey's e-mail sent");
        var message = listed.Body!["items"]![0]!;
        Assert.Equal((contact, "journey", journey, "hello"), (message["contactId"]!.GetValue<long>(), message["purpose"]!.GetValue<string>(),
            message["journey"]!["key"]!.GetValue<string>(), message["journey"]!["node"]!.GetValue<string>()));
        var timeline = (await admin.GetJsonAsync($"/api/v1/contacts/{contact}/timeline")).Body!["items"]!.AsArray();
        var sent = Assert.Single(timeline, e => e!["name"]?.GetValue<string>() == "Email Sent")!["properties"]!;
        Assert.Equal((message["id"]!.GetValue<long>(), journey, "hello", topic), (sent["message"]!.GetValue<long>(), sent["journey"]!.GetValue<string>(),
            sent["node"]!.GetValue<string>(), sent["topic"]!.GetValue<string>()));
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/messages?journey={journey}-other")).Body!["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"template": "T", "transactional": true}""", "contactId")]
    [InlineData("""{"contactId": "C", "template": "T", "transactional": true}""", "contactId")]
    [InlineData("""{"contactId": -1, "template": "T", "transactional": true}""", "contactId")]
    [InlineData("""{"contactId": 999999999, "template": "T", "transactional": true}""", "contactId")]
    [InlineData("""{"contactId": C, "transactional": true}""", "template")]
    [InlineData("""{"contactId": C, "template": 5, "transactional": true}""", "template")]
    [InlineData("""{"contactId": C, "template": "no-such-template", "transactional": true}""", "template")]
    [InlineData("""{"contactId": C, "template": "T"}""", "topic")]
    [InlineData("""{"contactId": C, "template": "T", "transactional": "yes"}""", "transactional")]
    [InlineData("""{"contactId": C, "template": "T", "transactional": true, "data": [1]}""", "data")]
    [InlineData("""{"contactId": C, "template": "T", "transactional": true, "subject": "Hi"}""", "subject")]
    [InlineData("""{"contactId": C, "template": "T\u0000", "transactional": true}""", "template")]
    [InlineData("""{"contactId": C, "contactId": C, "template": "T", "transactional": true}""", "contactId")]
    public async Task A_bad_message_is_refused_with_400_naming_the_field_and_nothing_is_queued(string body, string field)
    {
        var (template, contact, _) = await TemplateAndPersonAsync();
        var admin = server.Client();

        var (status, problem) = await admin.PostAsync("/api/v1/messages",
            body.Replace("\"T", $"\"{template}", StringComparison.Ordinal).Replace("\"C\"", "\"1\"", StringComparison.Ordinal)
                .Replace(": C", $": {contact}", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem!["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/messages?contactId={contact}")).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task An_sms_template_or_a_body_that_is_not_json_is_refused()
    {
        var admin = server.Client();
        var (_, contact, _) = await TemplateAndPersonAsync();
        var sms = Some.Id("sms").ToLowerInvariant();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/v1/templates/{sms}",
            """{"name": "Text", "channel": "sms", "locales": {"en": {"text": "Hi"}}}""")).Status);

        var (status, problem) = await admin.PostAsync("/api/v1/messages", $$"""{"contactId": {{contact}}, "template": "{{sms}}", "transactional": true}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("sms template", problem!["errors"]!["template"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/v1/messages", "{\"contactId\": ")).Status);
    }

    [Theory]
    [InlineData("/api/v1/messages?status=lost", "status")]
    [InlineData("/api/v1/messages?contactId=abc", "contactId")]
    [InlineData("/api/v1/messages?before=x", "before")]
    [InlineData("/api/v1/messages?limit=0", "limit")]
    [InlineData("/api/v1/messages/abc", "id")]
    [InlineData("/api/v1/messages/-4", "id")]
    public async Task A_bad_query_is_refused_with_400_naming_the_parameter(string path, string parameter)
    {
        var (status, problem) = await server.Client().GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]![parameter]);
    }

    [Fact]
    public async Task A_message_that_is_not_there_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client().GetJsonAsync("/api/v1/messages/987654321")).Status);
    }
}

public sealed class MessagesApiOnSqlite(SqliteServer server) : MessagesApiTests(server), IClassFixture<SqliteServer>;

public sealed class MessagesApiOnPostgres(PostgresServer server) : MessagesApiTests(server), IClassFixture<PostgresServer>;
