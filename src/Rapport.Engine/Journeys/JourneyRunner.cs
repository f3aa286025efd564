using System.Diagnostics;
using System.Text.Json;
using Rapport.Core.Consent;
using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Messages;
using Rapport.Core.Ports;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Segments;

namespace Rapport.Engine.Journeys;

/// <summary>The address journey e-mails come from.</summary>
public sealed record JourneySender(string From, string? FromName);

/// <summary>
/// Takes contacts into journeys and steps their instances: loads what the step function needs to know of the contact
/// (their events since the instance started, the messages it sent, their consent for the topic, the conditions the
/// step asks for), runs Core's <see cref="JourneyStepper"/>, and writes the step through the store, which refuses it
/// when another node stepped the instance first. Sends are only requested: the dispatcher sends them.
/// </summary>
public sealed class JourneyRunner(
    IJourneyStore journeys, JourneyCatalog catalog, IContactStore contacts, IConsentStore consent, ISegmentStore segments,
    SegmentCatalog segmentCatalog, JourneySender sender, Dispatcher dispatcher, TimeProvider clock)
{
    /// <summary>The most events of one contact a step reads (the newest are what answers and exits look at).</summary>
    private const int MostEvents = 2_000;

    /// <summary>Enters a contact into a version of a journey; returns the instance, or why they may not enter.</summary>
    public async Task<(JourneyInstance? Entered, string? Refused)> EnterAsync(
        int workspaceId, RunningJourney journey, long contactId, JourneyEvent? trigger, CancellationToken ct)
    {
        var contact = await contacts.GetAsync(workspaceId, contactId, ct);
        if (contact is null)
        {
            return (null, "no such contact");
        }

        var now = clock.GetUtcNow();
        var definition = journey.Definition;
        var instance = JourneyInstance.Enter(definition, journey.Stored.Version, contactId, trigger, now);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var topic = definition.Topic is null ? TopicConsent.None : TopicConsents.Of(await consent.SubscriptionsAsync(workspaceId, contactId, ct), definition.Topic);
        bool? audience = definition.Entry.Audience is null ? null : (await ConditionsAsync(workspaceId, definition, contactId, [JourneyDefinition.AudienceKey], known, ct))[JourneyDefinition.AudienceKey];
        if (JourneyEntry.Refusal(definition, [], topic, audience, now) is { } refused)
        {
            return (null, refused); // consent and audience: the earlier instances are read under the contact's lock
        }

        var first = await StepAsync(workspaceId, definition, instance, contact, known, topic, now, ct);
        var messages = Messages(definition, first, contact);
        var entered = await journeys.EnterAsync(workspaceId, first, messages,
            previous => JourneyEntry.Refusal(definition, previous, topic, audience, now, trigger), now, ct);
        WakeDispatcher(entered.Entered is not null, messages);
        if (entered.Entered is { } stored && GoesOn(first))
        {
            await StepAsync(workspaceId, stored, ct);
        }

        return entered;
    }

    /// <summary>
    /// Looks at a stored instance (a timer came due, an event came, consent changed); false when another node stepped it first.
    /// A step that ended after an action is followed at once by the next, which sees what the action wrote.
    /// </summary>
    public async Task<bool> StepAsync(int workspaceId, JourneyInstance instance, CancellationToken ct)
    {
        var (written, after) = await StepOnceAsync(workspaceId, instance, ct);
        for (var looks = 0; after is not null && looks < JourneyStepper.MostNodesInOneStep; looks++)
        {
            (_, after) = await StepOnceAsync(workspaceId, after, ct);
        }

        return written;
    }

    /// <summary>A step that acted and left the instance on its way: it is due at once at the next node.</summary>
    private static bool GoesOn(Stepped step) => step.Actions.Count > 0 && step.Instance.Status == InstanceStatus.Active;

    /// <summary>One step of a stored instance: whether it was written, and the instance as written when it goes on at once.</summary>
    private async Task<(bool Written, JourneyInstance? GoesOn)> StepOnceAsync(int workspaceId, JourneyInstance instance, CancellationToken ct)
    {
        var journey = await catalog.VersionAsync(workspaceId, instance.Journey, instance.Version, ct);
        var contact = await contacts.GetAsync(workspaceId, instance.ContactId, ct);
        var now = clock.GetUtcNow();
        if (journey is null || contact is null)
        {
            var gone = JourneyStepper.End(instance, InstanceStatus.Exited, journey is null ? "the journey's version is gone" : "the contact is gone", now);
            return (await journeys.WriteStepAsync(workspaceId, instance, gone, [], now, ct), null);
        }

        if (journey.Stored.Status == JourneyStatus.Paused)
        {
            return (true, null); // held where they are: its timers fire when the journey is resumed
        }

        var step = journey.Stored.Status == JourneyStatus.Stopped
            ? JourneyStepper.End(instance, InstanceStatus.Exited, "the journey was stopped", now)
            : await StepAsync(workspaceId, journey.Definition, instance, contact, new Dictionary<string, bool>(StringComparer.Ordinal), null, now, ct);
        var messages = Messages(journey.Definition, step, contact);
        var written = await journeys.WriteStepAsync(workspaceId, instance, step, messages, now, ct);
        WakeDispatcher(written, messages);
        return (written, written && GoesOn(step) ? step.Instance with { Id = instance.Id, ContactId = instance.ContactId } : null);
    }

    /// <summary>
    /// Steps an instance; when it moved on meanwhile (another node stepped it first, or a webhook given up was recorded on
    /// it), reads it again and, if it is still on its way, looks once more: what woke it may be news to it.
    /// </summary>
    public async Task StepLatestAsync(int workspaceId, JourneyInstance instance, CancellationToken ct)
    {
        if (!await StepAsync(workspaceId, instance, ct) && await journeys.InstanceAsync(workspaceId, instance.Id, ct) is { Status: InstanceStatus.Active } fresh)
        {
            await StepAsync(workspaceId, fresh, ct);
        }
    }

    /// <summary>Messages were queued: the dispatcher of this node sends them now (other nodes' look on their own within a second).</summary>
    private void WakeDispatcher(bool written, List<JourneyMessage> messages)
    {
        if (written && messages.Count > 0)
        {
            dispatcher.Wake();
        }
    }

    private async Task<Stepped> StepAsync(
        int workspaceId, JourneyDefinition definition, JourneyInstance instance, Contact contact, Dictionary<string, bool> known, TopicConsent? read,
        DateTimeOffset now, CancellationToken ct)
    {
        var events = await journeys.EventsSinceAsync(workspaceId, contact.Id, instance.EnteredAt.AddSeconds(-1), MostEvents, ct);
        var sent = instance.Id == 0 ? [] : await journeys.SentAsync(workspaceId, instance.Id, ct);
        var topic = read ?? (definition.Topic is null ? TopicConsent.None
            : TopicConsents.Of(await consent.SubscriptionsAsync(workspaceId, contact.Id, ct), definition.Topic));
        while (true)
        {
            var facts = new JourneyFacts(events, sent, known, topic, JourneyClock.Zone(contact.TimeZone), contact.Traits);
            switch (JourneyStepper.Step(definition, instance, facts, now))
            {
                case Stepped stepped:
                    return stepped;
                case NeedsConditions needs:
                    await ConditionsAsync(workspaceId, definition, contact.Id, needs.Keys, known, ct);
                    break;
                default:
                    throw new UnreachableException();
            }
        }
    }

    /// <summary>Evaluates the journey's conditions named by <paramref name="keys"/> for the contact, with the segments' compiled SQL.</summary>
    private async Task<Dictionary<string, bool>> ConditionsAsync(
        int workspaceId, JourneyDefinition definition, long contactId, IReadOnlyList<string> keys, Dictionary<string, bool> known, CancellationToken ct)
    {
        var current = await segmentCatalog.CurrentAsync(workspaceId, ct);
        foreach (var (key, condition) in definition.Conditions().Where(c => keys.Contains(c.Key)))
        {
            var holding = await segments.MatchingAsync(workspaceId, condition, current.GetValueOrDefault, clock.GetUtcNow(), [contactId], ct);
            known[key] = holding.Contains(contactId);
        }

        return known;
    }

    /// <summary>The messages a step requests, made ready for the outbox with the contact's address on the channel.</summary>
    private List<JourneyMessage> Messages(JourneyDefinition definition, Stepped step, Contact contact) =>
        step.Messages.Select(m => new JourneyMessage(m.Node, m.Channel, m.Topic ?? definition.Topic,
            m.Transactional ? MessagePurposes.Transactional : MessagePurposes.Journey, Recipient(m.Channel, contact), Content(m, contact))).ToList();

    private static string? Recipient(Channel channel, Contact contact) => channel switch
    {
        Channel.Email => contact.Email,
        Channel.Sms or Channel.Phone => contact.Phone,
        Channel.Post => null, // letters come with the postal channel
        _ => throw new UnreachableException(),
    };

    private string Content(MessageRequest m, Contact contact) => m.Channel == Channel.Email
        ? JsonSerializer.Serialize(new EmailMessage("", sender.From, sender.FromName, contact.Email ?? "", m.Content.Subject ?? "", m.Content.Text, m.Content.Html, []))
        : JsonSerializer.Serialize(m.Content, JsonSerializerOptions.Web);
}
