using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// Journeys run by the workers on both stores and a fake clock: the answer, or the silence, picks the next step; every
/// step is written once; pausing holds, resuming fires what came due, stopping exits everyone.
/// </summary>
public abstract class JourneyRunnerContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The garage: an e-mail; no booking in three days, an SMS; two more days of silence, a call task for the staff.</summary>
    public const string ServiceReminder = """
        {"name": "Service reminder", "topic": "service",
         "triggers": [{"event": "Service Due"}],
         "goal": {"event": "Service Booked", "within": "P30D"},
         "nodes": [
           {"id": "email", "type": "send", "channel": "email", "content": {"subject": "Your service is due", "text": "Book it here."}, "next": "wait-email"},
           {"id": "wait-email", "type": "waitFor", "answers": [{"event": "Service Booked", "next": "done"}], "timeout": "P3D", "onTimeout": "sms"},
           {"id": "sms", "type": "send", "channel": "sms", "content": {"text": "Your service is due: book it."}, "next": "wait-sms"},
           {"id": "wait-sms", "type": "waitFor", "answers": [{"event": "Service Booked", "next": "done"}], "timeout": "P2D", "onTimeout": "call"},
           {"id": "call", "type": "action", "emit": {"event": "Call Requested", "properties": {"reason": "service due"}}, "next": "done"},
           {"id": "done", "type": "exit"}]}
        """;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    private async Task<(int Ws, JourneyRig Rig, long Contact)> ReminderAsync()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        var contact = await rig.SubscriberAsync(ws, "service");
        await rig.ActivateAsync(ws, "service-reminder", ServiceReminder);
        await rig.RunUntilQuietAsync();
        return (ws, rig, contact);
    }

    [Fact]
    public async Task Silence_escalates_from_email_to_sms_to_a_call_at_the_right_times()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();

        var email = Assert.Single(await rig.MessagesAsync(ws, contact));
        Assert.Equal((Channel.Email, "service", MessagePurposes.Journey), (email.Channel, email.Topic, email.Purpose));
        Assert.Equal("wait-email", (await rig.InstanceAsync(ws, contact, "service-reminder")).Node);

        await rig.PassAsync(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Single(await rig.MessagesAsync(ws, contact)); // a minute early: still waiting

        await rig.PassAsync(TimeSpan.FromMinutes(1));
        Assert.Equal([Channel.Email, Channel.Sms], (await rig.MessagesAsync(ws, contact)).Select(m => m.Channel));

        await rig.PassAsync(TimeSpan.FromDays(2));
        var done = await rig.InstanceAsync(ws, contact, "service-reminder");
        Assert.Equal(InstanceStatus.Completed, done.Status);
        var timeline = (await store.Events.TimelineAsync(ws, contact, null, 100, Ct)).Items;
        Assert.Contains(timeline, e => e.Name == "Call Requested");
        Assert.Contains(timeline, e => e.Name == "Journey Entered" && JsonNode.Parse(e.PropertiesJson)!["journey"]!.GetValue<string>() == "service-reminder");
        Assert.Contains(timeline, e => e.Name == "Journey Ended" && JsonNode.Parse(e.PropertiesJson)!["status"]!.GetValue<string>() == "completed");
    }

    [Fact]
    public async Task A_booking_ends_the_reminders_at_once_as_a_conversion()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();

        await rig.PassAsync(TimeSpan.FromDays(1));
        await rig.TrackAsync(ws, contact, "Service Booked");
        await rig.RunUntilQuietAsync(); // the event wakes the instance: no timer, no scan

        Assert.Equal(InstanceStatus.Converted, (await rig.InstanceAsync(ws, contact, "service-reminder")).Status);
        await rig.PassAsync(TimeSpan.FromDays(10));
        Assert.Single(await rig.MessagesAsync(ws, contact)); // never the SMS
    }

    [Fact]
    public async Task A_journey_that_ends_in_a_conversion_starts_the_next_one()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.ActivateAsync(ws, "aftercare", """
            {"name": "Aftercare", "triggers": [{"event": "Journey Ended", "where": [
                {"property": "journey", "op": "eq", "value": "service-reminder"}, {"property": "status", "op": "eq", "value": "converted"}]}],
             "nodes": [{"id": "thanks", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Thanks", "text": "See you"}, "next": "done"},
                       {"id": "done", "type": "exit"}]}
            """);
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();

        await rig.TrackAsync(ws, contact, "Service Booked");
        await rig.RunUntilQuietAsync();

        Assert.Equal(InstanceStatus.Completed, (await rig.InstanceAsync(ws, contact, "aftercare")).Status);
        Assert.Equal(["email", "thanks"], (await rig.MessagesAsync(ws, contact)).Select(m => m.Content.Contains("Thanks", StringComparison.Ordinal) ? "thanks" : "email"));
    }

    [Fact]
    public async Task A_step_taken_twice_by_two_nodes_is_written_once_and_requests_its_message_once()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();
        var waiting = await rig.InstanceAsync(ws, contact, "service-reminder");
        store.Clock.Advance(TimeSpan.FromDays(3));

        var other = new JourneyRig(store);
        var results = await Task.WhenAll(rig.Runner.StepAsync(ws, waiting, Ct), other.Runner.StepAsync(ws, waiting, Ct));

        Assert.Single(results, written => written);
        Assert.Equal(2, (await rig.MessagesAsync(ws, contact)).Count); // the e-mail and one SMS
        var steps = await rig.Journeys.StepsAsync(ws, waiting.Id, Ct);
        Assert.Single(steps, s => s.Kind == StepKind.TimedOut);
    }

    [Fact]
    public async Task Nobody_is_in_a_journey_twice_and_once_means_once()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();
        Assert.Single(await rig.Journeys.OfContactAsync(ws, contact, activeOnly: false, Ct));

        await rig.TrackAsync(ws, contact, "Service Booked");
        await rig.RunUntilQuietAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();
        Assert.Single(await rig.Journeys.OfContactAsync(ws, contact, activeOnly: false, Ct)); // entered once ever
    }

    [Fact]
    public async Task Withdrawing_consent_ends_the_journey_before_its_next_send()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();

        await rig.ConsentAsync(ws, contact, "service", ConsentAction.Withdraw);
        await rig.RunUntilQuietAsync();

        var instance = await rig.InstanceAsync(ws, contact, "service-reminder");
        Assert.Equal((InstanceStatus.Exited, "withdrew consent for service"), (instance.Status, instance.EndReason));
        await rig.PassAsync(TimeSpan.FromDays(5));
        Assert.Single(await rig.MessagesAsync(ws, contact));
    }

    [Fact]
    public async Task A_pause_holds_everyone_and_the_resume_fires_the_timers_that_passed()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();

        await rig.Journeys.SetStatusAsync(ws, "service-reminder", JourneyStatus.Paused, Now, Ct);
        await rig.PassAsync(TimeSpan.FromDays(4));
        Assert.Single(await rig.MessagesAsync(ws, contact));

        await rig.Journeys.SetStatusAsync(ws, "service-reminder", JourneyStatus.Active, Now, Ct);
        await rig.RunUntilQuietAsync();
        Assert.Equal([Channel.Email, Channel.Sms], (await rig.MessagesAsync(ws, contact)).Select(m => m.Channel));
    }

    [Fact]
    public async Task People_moved_onto_a_new_version_go_on_from_the_same_node_by_its_rules()
    {
        var (ws, rig, contact) = await ReminderAsync();
        var other = await rig.SubscriberAsync(ws, "service");
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.TrackAsync(ws, other, "Service Due");
        await rig.RunUntilQuietAsync();
        await rig.Journeys.SetStatusAsync(ws, "service-reminder", JourneyStatus.Paused, Now, Ct);
        var moving = await rig.InstanceAsync(ws, contact, "service-reminder");

        var document = JsonNode.Parse(ServiceReminder)!.AsObject();
        document["key"] = "service-reminder";
        document["nodes"]![1]!["timeout"] = "P1D"; // wait-email: one day of silence instead of three
        var (version, moved) = await rig.Journeys.SaveAsync(ws, "service-reminder", "Service reminder", document.ToJsonString(), ["wait-email"], Now, Ct);
        Assert.Equal((2, 2), (version, moved));
        Assert.Equal(moving.Steps, (await rig.Journeys.InstanceAsync(ws, moving.Id, Ct))!.Steps); // moved, not stepped
        await rig.Journeys.SetStatusAsync(ws, "service-reminder", JourneyStatus.Active, Now, Ct);

        await rig.PassAsync(TimeSpan.FromDays(1));
        Assert.Equal([Channel.Email, Channel.Sms], (await rig.MessagesAsync(ws, contact)).Select(m => m.Channel));
        Assert.Equal(2, (await rig.InstanceAsync(ws, contact, "service-reminder")).Version);
    }

    [Fact]
    public async Task Stopping_a_journey_exits_everyone_in_it_with_the_reason()
    {
        var (ws, rig, contact) = await ReminderAsync();
        await rig.TrackAsync(ws, contact, "Service Due");
        await rig.RunUntilQuietAsync();

        await rig.Journeys.SetStatusAsync(ws, "service-reminder", JourneyStatus.Stopped, Now, Ct);
        await rig.RunUntilQuietAsync();

        var instance = await rig.InstanceAsync(ws, contact, "service-reminder");
        Assert.Equal((InstanceStatus.Exited, "the journey was stopped"), (instance.Status, instance.EndReason));
    }

    [Fact]
    public async Task Entering_a_segment_starts_a_journey_and_a_branch_reads_the_profile()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var rig = new JourneyRig(store);
        await store.Segments.SaveAsync(ws, "pros", "Pros", """{"key": "pros", "name": "Pros", "condition": {"trait": "traits.plan", "op": "eq", "value": "pro"}}""", Now, Ct);
        await rig.ActivateAsync(ws, "welcome-pros", """
            {"name": "Welcome pros", "triggers": [{"segmentEntered": "pros"}],
             "nodes": [
               {"id": "lang", "type": "branch", "branches": [{"condition": {"trait": "locale", "op": "eq", "value": "pl"}, "next": "polish"}], "default": "english"},
               {"id": "polish", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Witaj", "text": "Witaj"}, "next": "done"},
               {"id": "english", "type": "send", "channel": "email", "transactional": true, "content": {"subject": "Welcome", "text": "Welcome"}, "next": "done"},
               {"id": "done", "type": "exit"}]}
            """);
        var contact = (await store.Contacts.AddAsync(ws, Some.Contact(Now, Some.Id("u"), Some.Email()) with
        {
            Locale = "pl", Traits = new JsonObject { ["plan"] = "pro" },
        }, Ct))!;

        await rig.RunUntilQuietAsync(); // profile → segment entry → Segment Entered → journey

        var message = Assert.Single(await rig.MessagesAsync(ws, contact.Id));
        Assert.Contains("Witaj", message.Content, StringComparison.Ordinal);
        Assert.Equal(MessagePurposes.Transactional, message.Purpose);
    }
}

public sealed class JourneyRunnerOnSqlite(SqliteStores store) : JourneyRunnerContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyRunnerOnPostgres(PostgresStores store) : JourneyRunnerContract(store), IClassFixture<PostgresStores>;
