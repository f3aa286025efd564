using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Messages;
using Rapport.Core.Validation;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// A send node that names a template: the journey may be saved only when the template exists for the node's channel,
/// and the message is rendered for the person when it goes, with one-click unsubscribe on every marketing e-mail.
/// </summary>
public abstract class JourneyTemplatesContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private const string Reminder = """
        {"name": "Service", "topic": "service", "triggers": [{"event": "Car Bought"}],
         "nodes": [{"id": "remind", "type": "send", "channel": "email", "template": "service-due", "next": "done"}, {"id": "done", "type": "exit"}]}
        """;

    private static async Task SaveTemplateAsync(JourneyRig rig, int ws, string key, string channel, JsonObject locale)
    {
        var errors = new FieldErrors();
        var document = new JsonObject { ["key"] = key, ["name"] = key, ["channel"] = channel, ["locales"] = new JsonObject { ["en"] = locale } };
        Assert.True(await rig.Templates.SaveAsync(ws, document, errors, Ct) is not null, errors.ToString());
    }

    private static async Task<IReadOnlyList<string>> ProblemsAsync(JourneyRig rig, int ws, string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document["key"] = "service";
        var errors = new FieldErrors();
        await rig.Catalog.ReadAsync(ws, JsonSerializer.SerializeToElement(document), errors, Ct);
        return errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task A_journey_naming_a_template_that_does_not_exist_or_is_for_another_channel_is_refused()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await store.Consent.SaveTopicAsync(ws, new Core.Consent.Topic("service", "Service", ""), store.Clock.GetUtcNow(), Ct);

        Assert.Contains(await ProblemsAsync(rig, ws, Reminder), p => p.Contains("templates", StringComparison.Ordinal) && p.Contains("template 'service-due' does not exist", StringComparison.Ordinal));

        await SaveTemplateAsync(rig, ws, "service-due", "sms", new JsonObject { ["text"] = "Your service is due" });
        Assert.Contains(await ProblemsAsync(rig, ws, Reminder), p => p.Contains("template 'service-due' is for sms, and node 'remind' sends email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_templated_send_is_rendered_for_the_person_with_one_click_unsubscribe()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await SaveTemplateAsync(rig, ws, "service-due", "email", new JsonObject
        {
            ["subject"] = "{{ traits.firstName | default: 'Hello' }}, your {{ journey.trigger.properties.model }} is due",
            ["html"] = "<html><body><p>Book a service for your {{ journey.trigger.properties.model }}.</p></body></html>",
        });
        var contact = await rig.SubscriberAsync(ws, "service", traits: new JsonObject { ["firstName"] = "Zoë" });
        await rig.ActivateAsync(ws, "service", Reminder);
        await rig.TrackAsync(ws, contact, "Car Bought", new JsonObject { ["model"] = "Corolla & Co" });
        await rig.RunUntilQuietAsync();

        await rig.Dispatcher.DispatchDueAsync(Ct);

        var message = Assert.Single(await rig.MessagesAsync(ws, contact));
        Assert.Equal(MessageStatus.Sent, message.Status);
        var mail = await PythonMime.ParseAsync(await OutboxFolder.WaitForAsync(rig.OutboxFolder, message.Id), "List-Unsubscribe", "List-Unsubscribe-Post", "Feedback-ID");
        Assert.Empty(mail.Defects);
        Assert.Equal("Zoë, your Corolla & Co is due", mail.Subject);
        var unsubscribe = $"{PlainLinks.Base}/u/{contact}/service";
        Assert.Equal($"<{unsubscribe}>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal($"service:journey:{ws}:rapport", mail.Headers["Feedback-ID"]); // complaints reported per journey
        var html = Assert.Single(mail.Parts, p => p.ContentType == "text/html").Content;
        Assert.Contains("Corolla &amp; Co", html, StringComparison.Ordinal); // escaped in HTML by default
        Assert.Contains($"<a href=\"{unsubscribe}\">Unsubscribe</a>", html, StringComparison.Ordinal); // a visible link, added at the end
        Assert.Contains($"Unsubscribe: {unsubscribe}", Assert.Single(mail.Parts, p => p.ContentType == "text/plain").Content, StringComparison.Ordinal);

        var kept = (await store.Outbox.GetAsync(ws, message.Id, Ct))!.Rendered!; // what support reads: the e-mail as it went
        Assert.Equal(mail.Subject, kept.Subject);
        Assert.Contains($"<a href=\"{unsubscribe}\">Unsubscribe</a>", kept.Html, StringComparison.Ordinal);
        Assert.Contains($"Unsubscribe: {unsubscribe}", kept.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_that_fails_to_render_fails_its_message_with_the_reason_and_the_others_go()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await SaveTemplateAsync(rig, ws, "service-due", "email", new JsonObject
        {
            ["subject"] = "Due",
            ["text"] = "{{ 10 | divided_by: traits.cars }} services a car",
        });
        var zero = await rig.SubscriberAsync(ws, "service", traits: new JsonObject { ["cars"] = 0 });
        var two = await rig.SubscriberAsync(ws, "service", traits: new JsonObject { ["cars"] = 2 });
        await rig.ActivateAsync(ws, "service", Reminder);
        await rig.TrackAsync(ws, zero, "Car Bought");
        await rig.TrackAsync(ws, two, "Car Bought");
        await rig.RunUntilQuietAsync();

        await rig.Dispatcher.DispatchDueAsync(Ct);

        var failed = Assert.Single(await rig.MessagesAsync(ws, zero));
        Assert.Equal(MessageStatus.Failed, failed.Status);
        Assert.Contains("template 'service-due' (version 1) did not render", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Sent, Assert.Single(await rig.MessagesAsync(ws, two)).Status);
    }
}

public sealed class JourneyTemplatesOnSqlite(SqliteStores store) : JourneyTemplatesContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyTemplatesOnPostgres(PostgresStores store) : JourneyTemplatesContract(store), IClassFixture<PostgresStores>;
