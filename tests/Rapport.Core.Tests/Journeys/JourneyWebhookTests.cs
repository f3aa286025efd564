using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Validation;
using Rapport.Core.Work;
using static Rapport.Core.Tests.Journeys.Journeys;

namespace Rapport.Core.Tests.Journeys;

/// <summary>The webhook action: read from JSON, passed without waiting, its call stored as work, its body and signature.</summary>
public sealed class JourneyWebhookTests
{
    private static JourneyDefinition Notifying(string url)
    {
        var errors = new FieldErrors();
        var journey = JourneyJson.Read(JsonDocument.Parse($$"""
            {"key": "k", "name": "n", "triggers": [{"event": "Signed Up"}], "nodes": [
              {"id": "notify", "type": "action", "webhook": {"url": "{{url}}"}, "next": "end"}, {"id": "end", "type": "exit"}]}
            """).RootElement, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return journey!;
    }

    [Theory]
    [InlineData("https://crm.example/hooks/rapport")]
    [InlineData("http://10.0.0.7:8080/hooks?source=rapport")]
    public void A_webhook_node_names_an_absolute_http_or_https_url(string url) =>
        Assert.Equal(new JourneyAction.Webhook(new Uri(url)), Assert.IsType<ActionNode>(Notifying(url).Node("notify")).Action);

    [Fact]
    public void A_url_longer_than_2000_characters_is_refused_at_its_path()
    {
        var errors = new FieldErrors();
        var url = "https://crm.example/" + new string('a', 2000 - "https://crm.example/".Length + 1);
        Assert.Null(JourneyJson.Read(JsonDocument.Parse($$"""
            {"key": "k", "name": "n", "triggers": [{"event": "Signed Up"}], "nodes": [
              {"id": "notify", "type": "action", "webhook": {"url": "{{url}}"}, "next": "end"}, {"id": "end", "type": "exit"}]}
            """).RootElement, errors));
        Assert.Equal(["an absolute http or https URL of at most 2000 characters"], errors.ToDictionary()["nodes[0].webhook.url"]);
        Assert.Equal("notify", Notifying(url[..^1]).Start);
    }

    [Fact]
    public void The_journey_passes_a_webhook_at_once_and_says_whom_it_called()
    {
        var journey = Notifying("https://crm.example/hooks/rapport");

        var step = Step(journey, JourneyInstance.Enter(journey, 1, 7, null, Start), Facts(), Start);

        Assert.Equal([StepKind.Entered, StepKind.Acted], step.Records.Select(r => r.Kind));
        Assert.Equal("called webhook crm.example", step.Records[1].Why);
        Assert.Equal(new ActionRequest("notify", new JourneyAction.Webhook(new Uri("https://crm.example/hooks/rapport"))), Assert.Single(step.Actions));
        Assert.Equal(("end", Start), (step.Instance.Node, step.Instance.DueAt)); // due at once at the next node
        Assert.Equal([StepKind.Completed], Step(journey, step.Instance, Facts(), Start).Records.Select(r => r.Kind));
    }

    [Fact]
    public void A_webhook_due_goes_to_the_webhooks_queue_and_reads_back_from_its_json()
    {
        WorkItem due = new WebhookDue(new Uri("https://crm.example/hooks/rapport?a=1"), """{"journey":"k"}""", 41, "notify", 2);

        var text = JsonSerializer.Serialize(due, JsonSerializerOptions.Web);
        var read = Assert.IsType<WebhookDue>(JsonSerializer.Deserialize<WorkItem>(text, JsonSerializerOptions.Web));

        Assert.Equal(["webhooks"], WorkQueues.For(due));
        Assert.Equal("webhook-due", JsonNode.Parse(text)!["kind"]!.GetValue<string>());
        Assert.Equal(due, read);
        Assert.Equal("41:2:notify", read.IdempotencyKey);
    }

    [Fact]
    public void The_body_names_the_journey_and_the_contact_and_no_more_of_them()
    {
        var instance = Entered(ServiceReminder()) with { Id = 41, Version = 3 };
        var contact = new Contact(7, "cust-7", "ann@example.com", "+48600100200", null, "pl", "Europe/Warsaw",
            new JsonObject { ["plan"] = "pro" }, Start, Start, Start);

        var body = JsonNode.Parse(JourneyWebhook.Body(instance, "call", contact, Start.ToOffset(TimeSpan.FromHours(1))))!.AsObject();

        Assert.Equal(["journey", "version", "instance", "node", "contact", "at"], body.Select(p => p.Key));
        Assert.Equal(("service", 3, 41L, "call"), ((string)body["journey"]!, (int)body["version"]!, (long)body["instance"]!, (string)body["node"]!));
        Assert.Equal("""{"id":7,"externalId":"cust-7","email":"ann@example.com"}""", body["contact"]!.ToJsonString());
        Assert.Equal(Start, DateTimeOffset.Parse((string)body["at"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_signature_is_an_hmac_of_the_time_and_the_body_that_any_other_byte_breaks()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        const string body = """{"journey":"service","contact":{"email":"żaneta@example.com"}}""";

        var header = JourneyWebhook.Signature(key, Start, body);

        var expected = Convert.ToHexString(new HMACSHA256(key).ComputeHash(Encoding.UTF8.GetBytes($"{Start.ToUnixTimeSeconds()}.{body}"))).ToLowerInvariant();
        Assert.Equal($"t={Start.ToUnixTimeSeconds()},v1={expected}", header);
        Assert.NotEqual(header, JourneyWebhook.Signature(key, Start, body.Replace("ż", "z", StringComparison.Ordinal)));
        Assert.NotEqual(header, JourneyWebhook.Signature(key, Start.AddSeconds(1), body));
    }
}
