using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Rapport.Core.Consent;
using Rapport.Core.Events;
using Rapport.Core.Journeys;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Journeys;
using Rapport.Engine.Policy;
using Rapport.Engine.Segments;
using Rapport.Engine.Templates;
using Rapport.Engine.Work;
using Rapport.Storage.Stores;
using Rapport.Testing;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// One node's journey workers (the queue worker that enters and wakes, the timers, the webhooks) with the upkeep, on a fixture's stores
/// and fake clock, wired as the server wires them; tests run them until nothing is due instead of waiting for loops.
/// </summary>
public sealed class JourneyRig
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public JourneyRig(StoreFixture store)
    {
        Store = store;
        Journeys = new JourneyStore(store.Db);
        Upkeep = new Upkeep(store);
        var segments = new SegmentCatalog(store.Segments);
        Catalog = new JourneyCatalog(Journeys, segments, store.Consent, store.Templates);
        Templates = new TemplateCatalog(store.Templates, store.Clock);
        var composer = new MessageComposer(store.Contacts, Templates, new PlainLinks());
        Dispatcher = new Dispatcher(store.Outbox, new DispatchGate(store.Outbox, new ContactPolicies(store.Policies, store.Clock), store.Clock), composer,
            new Rapport.Delivery.Email.FileOutbox(OutboxFolder, new Rapport.Delivery.Email.MailComposer("rapport.test")), store.Clock,
            new RapportMetrics(new Meter(RapportMetrics.MeterName)), new ListLogger<Dispatcher>());
        Runner = new JourneyRunner(Journeys, Catalog, store.Segments, segments,
            new JourneySender("hello@example.com", "Garage"), Dispatcher, store.Clock);
        Worker = new JourneyWorker(Runner, Catalog, new JourneySchedules(Runner, Catalog, Journeys, store.Contacts, store.Segments, segments, store.Clock),
            Journeys, store.Workspaces, store.Work, Upkeep.Answers, WorkTimes.Default, store.Clock,
            new ListLogger<JourneyWorker>());
        Timers = new JourneyTimers(Runner, Journeys, WorkTimes.Default, store.Clock, new ListLogger<JourneyTimers>());
        Webhooks = WebhooksTo(new WebhookTargets(allowPrivate: true, TimeSpan.FromSeconds(10)));
    }

    public StoreFixture Store { get; }

    public TemplateCatalog Templates { get; }

    /// <summary>The gate to the channel: its file outbox writes each e-mail to <see cref="OutboxFolder"/>.</summary>
    public Dispatcher Dispatcher { get; }

    public string OutboxFolder { get; } = Path.Combine(Path.GetTempPath(), Some.Id("outbox"));

    public JourneyStore Journeys { get; }

    public JourneyCatalog Catalog { get; }

    public JourneyRunner Runner { get; }

    public JourneyWorker Worker { get; }

    public JourneyTimers Timers { get; }

    /// <summary>The webhooks' worker, signing with the key kept in the database; <see cref="RunUntilQuietAsync"/> leaves it out, as the journeys do not wait for it.</summary>
    public WebhookWorker Webhooks { get; }

    public ListLogger<WebhookWorker> WebhooksLog { get; } = new();

    /// <summary>A webhooks' worker that may call only <paramref name="targets"/> (<see cref="Webhooks"/> may call this machine).</summary>
    public WebhookWorker WebhooksTo(WebhookTargets targets) =>
        new(new WebhookKey(null, Store.Settings), targets, Journeys, Store.Work, Store.Workspaces, Upkeep.Answers, WorkTimes.Default, Store.Clock, WebhooksLog);

    public Upkeep Upkeep { get; }

    private DateTimeOffset Now => Store.Clock.GetUtcNow();

    /// <summary>Saves a journey (the JSON of its document, key added) and activates it.</summary>
    public async Task<JourneyDefinition> ActivateAsync(int ws, string key, string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document["key"] = key;
        var errors = new Core.Validation.FieldErrors();
        var definition = await Catalog.ReadAsync(ws, System.Text.Json.JsonSerializer.SerializeToElement(document), errors, Ct);
        Assert.True(definition is not null, errors.ToString());
        await Journeys.SaveAsync(ws, key, definition.Name, document.ToJsonString(), null, Now, Ct);
        Assert.True(await Journeys.SetStatusAsync(ws, key, JourneyStatus.Active, Now, Ct));
        return definition;
    }

    /// <summary>A contact with an e-mail address (and the traits given), subscribed to <paramref name="topic"/> by e-mail.</summary>
    public async Task<long> SubscriberAsync(int ws, string topic, string? timeZone = null, JsonObject? traits = null)
    {
        var contact = (await Store.Contacts.AddAsync(ws, Some.Contact(Now, Some.Id("u"), Some.Email()) with { TimeZone = timeZone, Traits = traits ?? [] }, Ct))!;
        await Store.Consent.SaveTopicAsync(ws, new Topic(topic, topic, ""), Now, Ct);
        await ConsentAsync(ws, contact.Id, topic, ConsentAction.Grant);
        return contact.Id;
    }

    public Task ConsentAsync(int ws, long contactId, string topic, ConsentAction action) =>
        Store.Consent.RecordAsync(ws, new ConsentRecord(contactId, topic, Channel.Email, action, LegalBasis.Consent, ConsentSource.Api,
            new Evidence(null, "test", null, null, null), null, false, null, null, Now), Ct);

    /// <summary>Tracks an event for a contact (by their external id), with properties.</summary>
    public async Task<string> TrackAsync(int ws, long contactId, string name, JsonObject? properties = null, DateTimeOffset? at = null)
    {
        var contact = (await Store.Contacts.GetAsync(ws, contactId, Ct))!;
        var id = Some.Id("msg");
        await Store.Events.IngestAsync(ws, [new TrackingMessage(MessageType.Track, id, contact.ExternalId, null, null, null, name,
            (properties ?? []).ToJsonString(), "{}", at ?? Now)], "test", Now, Ct);
        return id;
    }

    /// <summary>Runs the journey workers and the upkeep until none finds anything due.</summary>
    public async Task<int> RunUntilQuietAsync()
    {
        var total = 0;
        for (var round = 0; round < 100; round++)
        {
            var done = await Upkeep.RunRoundAsync() + await Worker.RunOnceAsync(Ct) + await Timers.RunOnceAsync(Ct);
            if (done == 0)
            {
                return total;
            }

            total += done;
        }

        throw new InvalidOperationException("the workers kept finding work after 100 rounds");
    }

    /// <summary>The clock moves on, and the workers do what came due.</summary>
    public async Task PassAsync(TimeSpan by)
    {
        Store.Clock.Advance(by);
        await RunUntilQuietAsync();
    }

    public async Task<JourneyInstance> InstanceAsync(int ws, long contactId, string journey) =>
        Assert.Single(await Journeys.OfContactAsync(ws, contactId, activeOnly: false, Ct), i => i.Journey == journey);

    public async Task<IReadOnlyList<OutboxMessage>> MessagesAsync(int ws, long contactId) => await Store.Outbox.ForContactAsync(ws, contactId, Ct);
}
