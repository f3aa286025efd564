using System.Text.Json;
using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Core.Validation;
using Rapport.Core.Work;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Storage.Tests;

/// <summary>What journeys change about contacts (traits, consent, their timeline) with the work it causes, and what happens to journeys when contacts change.</summary>
public abstract class JourneyChangesContract(StoreFixture store)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DateTimeOffset Now => store.Clock.GetUtcNow();

    private async Task<(int Ws, long ContactId)> ContactAsync(JsonObject? traits = null)
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var contact = Some.Contact(Now, email: Some.Email()) with { Traits = traits ?? [] };
        return (ws, (await store.Contacts.AddAsync(ws, contact, Ct))!.Id);
    }

    private async Task<IReadOnlyList<StoredWork>> WorkAsync(int ws) => await store.Work.ListAsync(ws, WorkStatus.Waiting, 0, 1000, Ct);

    [Fact]
    public async Task A_trait_action_sets_or_clears_a_trait_and_records_the_profile_change()
    {
        var (ws, contact) = await ContactAsync(new JsonObject { ["old"] = 1, ["keep"] = "yes", ["address"] = "flat" });
        var before = await WorkAsync(ws);
        var journey = JourneyKit.Acting("traits",
            new JourneyAction.SetTrait("traits.plan", "pro"), new JourneyAction.SetTrait("address.city", "Łódź"), new JourneyAction.SetTrait("traits.old", null),
            new JourneyAction.SetTrait("traits.missing.deep", null));

        var entered = await store.Journeys.EnterAsync(ws, journey, contact, Now);

        var traits = (await store.Contacts.GetAsync(ws, contact, Ct))!.Traits;
        Assert.Equal(["address", "keep", "plan"], traits.Select(t => t.Key).Order());
        Assert.Equal(("yes", "pro", "Łódź"), ((string?)traits["keep"], (string?)traits["plan"], (string?)traits["address"]!["city"]));
        Assert.Equal(6, entered.Steps);
        var recorded = (await WorkAsync(ws)).Where(w => before.All(b => b.Id != w.Id)).Select(w => w.Item).OfType<ContactsChanged>().ToList();
        Assert.Contains(recorded, c => c is { Profile: true, Contacts: [var id] } && id == contact);
    }

    [Fact]
    public async Task A_consent_action_grants_or_withdraws_through_the_ledger_naming_the_journey()
    {
        var (ws, contact) = await ContactAsync();

        await store.Journeys.EnterAsync(ws, JourneyKit.Acting("grant", new JourneyAction.ChangeConsent("news", Channel.Email, Grant: true)), contact, Now);
        var granted = (await store.Consent.SubscriptionsAsync(ws, contact, Ct)).Single(s => s.Topic == "news").Status;
        await store.Journeys.EnterAsync(ws, JourneyKit.Acting("withdraw", new JourneyAction.ChangeConsent("news", Channel.Email, Grant: false)), contact, Now);

        Assert.Equal(SubscriptionStatus.Subscribed, granted);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await store.Consent.SubscriptionsAsync(ws, contact, Ct)).Single(s => s.Topic == "news").Status);
        Assert.Equal([(ConsentAction.Grant, "journey grant version 1, node act-1"), (ConsentAction.Withdraw, "journey withdraw version 1, node act-1")],
            (await store.Consent.HistoryAsync(ws, contact, Ct)).Where(r => r.Source == ConsentSource.Journey).Select(r => (r.Action, r.Evidence.Note)));
        Assert.Contains(await WorkAsync(ws), w => w.Queue == WorkQueues.Journeys && w.Item is ContactsChanged { Consent: true });
    }

    [Fact]
    public async Task An_emitted_event_is_on_the_timeline_once_with_the_work_for_segments_and_journeys()
    {
        var (ws, contact) = await ContactAsync();
        var journey = JourneyKit.Acting("emit", new JourneyAction.Emit("Welcome Done", new JsonObject { ["round"] = 1 }));

        var entered = await store.Journeys.EnterAsync(ws, journey, contact, Now);

        var messageId = $"journey:{entered.Id}:2:act-1"; // step 1 entered, step 2 acted, step 3 waiting (the step after an action)
        var timeline = (await store.Events.TimelineAsync(ws, contact, null, 10, Ct)).Items;
        Assert.Equal(["Journey Entered", "Journey Step", "Journey Step", "Welcome Done"], timeline.Select(e => e.Name).Order(StringComparer.Ordinal)); // Rapport's own: entry, steps
        var steps = timeline.Where(e => e.Name == "Journey Step").Select(e => JsonNode.Parse(e.PropertiesJson)!)
            .Select(p => ((string)p["journey"]!, (long)p["instance"]!, (int)p["step"]!, (string)p["node"]!, (string)p["kind"]!)).Order();
        Assert.Equal([("emit", entered.Id, 2, "act-1", "acted"), ("emit", entered.Id, 3, "wait", "waiting")], steps);
        var stored = Assert.Single(timeline, e => e.Name == "Welcome Done");
        Assert.Equal((messageId, Now), (stored.MessageId, stored.Timestamp));
        Assert.Equal(1, (int?)JsonNode.Parse(stored.PropertiesJson)!["round"]);
        var work = await WorkAsync(ws);
        Assert.Contains(work, w => w.Queue == WorkQueues.SegmentMembership && w.Item is ContactsChanged c && c.EventNames.Contains("Welcome Done"));
        var tracked = Assert.Single(work, w => w.Item is EventsTracked);
        Assert.Equal(WorkQueues.Journeys, tracked.Queue);
        Assert.Equal(timeline.Where(e => e.Name != "Journey Step").Select(e => e.MessageId).Order(StringComparer.Ordinal), // steps are for the timeline only
            ((EventsTracked)tracked.Item).MessageIds.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(work, w => w.Item is ContactsChanged c && c.EventNames.Contains("Journey Step"));
    }

    [Fact]
    public async Task A_webhook_action_records_its_call_as_work_with_the_body_made_in_the_step_and_changes_nothing()
    {
        var (ws, contact) = await ContactAsync(new JsonObject { ["plan"] = "pro" });
        var before = (await WorkAsync(ws)).Select(w => w.Id).ToHashSet();
        var url = new Uri("https://crm.example/hooks/rapport");

        var entered = await store.Journeys.EnterAsync(ws, JourneyKit.Acting("hook", new JourneyAction.Webhook(url)), contact, Now);

        var recorded = (await WorkAsync(ws)).Where(w => !before.Contains(w.Id)).ToList();
        var call = Assert.Single(recorded, w => w.Item is WebhookDue);
        Assert.Equal(WorkQueues.Webhooks, call.Queue);
        Assert.DoesNotContain(recorded, w => w.Item is ContactsChanged { Profile: true });
        var due = (WebhookDue)call.Item;
        Assert.Equal((url, entered.Id, "act-1", 2), (due.Url, due.Instance, due.Node, due.Step)); // step 1 entered, step 2 acted
        var stored = (await store.Contacts.GetAsync(ws, contact, Ct))!;
        Assert.Equal(JourneyWebhook.Body(entered, "act-1", stored, Now), due.Body);
        Assert.Equal("pro", (string?)stored.Traits["plan"]); // the contact was read, not written
    }

    [Fact]
    public async Task Deleting_or_erasing_a_contact_takes_the_webhook_calls_naming_them_along()
    {
        var (ws, deleted) = await ContactAsync();
        var erased = (await store.Contacts.AddAsync(ws, Some.Contact(Now, email: Some.Email()), Ct))!.Id;
        var kept = (await store.Contacts.AddAsync(ws, Some.Contact(Now, email: Some.Email()), Ct))!.Id;
        var journey = JourneyKit.Acting("hook", new JourneyAction.Webhook(new Uri("https://crm.example/hooks/rapport")));
        var instances = new Dictionary<long, long>();
        foreach (var contact in new[] { deleted, erased, kept })
        {
            instances[contact] = (await store.Journeys.EnterAsync(ws, journey, contact, Now)).Id;
        }

        var (lease, claimed) = await store.Work.ClaimAsync(WorkQueues.Webhooks, Now, TimeSpan.FromMinutes(5), 100, Ct);
        var given = claimed.Single(w => ((WebhookDue)w.Item).Instance == instances[erased]);
        Assert.True(await store.Work.FailAsync(lease, given.Id, "webhook answered 500", null, Now, Ct)); // parked, with the person in it
        Assert.True(await store.Contacts.DeleteAsync(ws, deleted, Ct));
        Assert.True(await new PrivacyStore(store.Db).EraseAsync(ws, erased, "test", Now, Ct));

        var left = (await WorkAsync(ws)).Concat(await store.Work.ListAsync(ws, WorkStatus.Failed, 0, 100, Ct)).Select(w => w.Item).OfType<WebhookDue>();
        Assert.Equal([instances[kept]], left.Select(w => w.Instance));
    }

    [Fact]
    public async Task An_ingest_records_the_named_events_it_stored_for_the_journeys_in_one_item()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var viewed = Messages.Track("ann", null, "Viewed", Now);
        var bought = Messages.Track(null, "anon", "Bought", Now);
        var batch = new[] { viewed, Messages.Identify("ann", null, new JsonObject { ["plan"] = "pro" }, Now), bought };

        await store.Events.IngestAsync(ws, batch, "test", Now, Ct);
        await store.Events.IngestAsync(ws, batch, "test", Now, Ct); // all stored already: nothing for the journeys

        var tracked = Assert.Single(await WorkAsync(ws), w => w.Item is EventsTracked);
        Assert.Equal(WorkQueues.Journeys, tracked.Queue);
        Assert.Equal([viewed.MessageId, bought.MessageId], ((EventsTracked)tracked.Item).MessageIds);
    }

    [Fact]
    public async Task Deleting_or_erasing_a_contact_removes_their_journeys_and_steps()
    {
        var (ws, deleted) = await ContactAsync();
        var erased = (await store.Contacts.AddAsync(ws, Some.Contact(Now, email: Some.Email()), Ct))!.Id;
        var instances = new[]
        {
            await store.Journeys.EnterAsync(ws, JourneyKit.Welcome("welcome"), deleted, Now),
            await store.Journeys.EnterAsync(ws, JourneyKit.Welcome("welcome"), erased, Now),
        };

        Assert.True(await store.Contacts.DeleteAsync(ws, deleted, Ct));
        Assert.True(await new PrivacyStore(store.Db).EraseAsync(ws, erased, "test", Now, Ct));

        foreach (var instance in instances)
        {
            Assert.Null(await store.Journeys.InstanceAsync(ws, instance.Id, Ct));
            Assert.Empty(await store.Journeys.StepsAsync(ws, instance.Id, Ct));
            Assert.Empty(await store.Journeys.OfContactAsync(ws, instance.ContactId, activeOnly: false, Ct));
        }

        var late = JourneyKit.Entry(JourneyKit.Welcome("late"), deleted, Now);
        Assert.Equal((null, "the contact does not exist"), await store.Journeys.EnterAsync(ws, late, JourneyKit.Ready(late), _ => null, Now, Ct));
        var step = JourneyKit.Step(JourneyKit.Welcome("welcome"), instances[0], Now.AddDays(1));
        Assert.False(await store.Journeys.WriteStepAsync(ws, instances[0], step, [], Now.AddDays(1), Ct));
    }

    [Fact]
    public async Task A_contact_merged_into_another_takes_their_journeys_along_unless_the_other_is_on_it_already()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        await store.Events.IngestAsync(ws, [Messages.Track("user", null, "Signed Up", Now), Messages.Track(null, "device", "Viewed", Now)], "test", Now, Ct);
        var user = (await store.ByExternalIdAsync(ws, "user")).Id;
        var anonymous = Assert.Single((await store.Contacts.SearchAsync(ws, null, 0, 10, Ct)).Items, c => c.Id != user).Id;
        var both = await store.Journeys.EnterAsync(ws, JourneyKit.Welcome("both"), user, Now);
        var clash = await store.Journeys.EnterAsync(ws, JourneyKit.Welcome("both"), anonymous, Now);
        var moved = await store.Journeys.EnterAsync(ws, JourneyKit.Welcome("anonymous-only"), anonymous, Now);

        await store.Events.IngestAsync(ws, [Messages.Track("user", "device", "Logged In", Now)], "test", Now, Ct);

        Assert.Null(await store.Contacts.GetAsync(ws, anonymous, Ct));
        var instances = (await store.Journeys.OfContactAsync(ws, user, activeOnly: false, Ct)).ToDictionary(i => i.Id);
        Assert.Equal([both.Id, clash.Id, moved.Id], instances.Keys.Order());
        Assert.Equal((InstanceStatus.Active, InstanceStatus.Exited, InstanceStatus.Active),
            (instances[both.Id].Status, instances[clash.Id].Status, instances[moved.Id].Status));
        Assert.Equal(3, (await store.Journeys.StepsAsync(ws, moved.Id, Ct)).Count);
    }

    [Fact]
    public async Task Of_some_contacts_those_that_meet_a_condition_now_are_found()
    {
        var ws = (await store.NewWorkspaceAsync()).Id;
        var ids = new List<long>();
        foreach (var plan in new[] { "pro", "free", "pro" })
        {
            ids.Add((await store.Contacts.AddAsync(ws, Some.Contact(Now) with { Traits = new JsonObject { ["plan"] = plan } }, Ct))!.Id);
        }

        var other = (await store.NewWorkspaceAsync()).Id;
        var elsewhere = (await store.Contacts.AddAsync(other, Some.Contact(Now) with { Traits = new JsonObject { ["plan"] = "pro" } }, Ct))!.Id;
        var errors = new FieldErrors();
        var pros = SegmentJson.Read(JsonDocument.Parse("""{"key": "s", "name": "s", "condition": {"trait": "traits.plan", "op": "eq", "value": "pro"}}""").RootElement, errors)!;

        var found = await store.Segments.MatchingAsync(ws, pros.Condition, _ => null, Now, [ids[0], ids[1], elsewhere], Ct);

        Assert.Equal([ids[0]], found.Order());
        Assert.Empty(await store.Segments.MatchingAsync(ws, pros.Condition, _ => null, Now, [], Ct));
    }
}

public sealed class JourneyChangesOnSqlite(SqliteStores store) : JourneyChangesContract(store), IClassFixture<SqliteStores>;

public sealed class JourneyChangesOnPostgres(PostgresStores store) : JourneyChangesContract(store), IClassFixture<PostgresStores>;
