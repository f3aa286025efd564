using System.Diagnostics;
using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Engine.Dispatch;
using Rapport.Engine.Segments;

namespace Rapport.Engine.Journeys;

/// <summary>The address journey e-mails come from.</summary>
public sealed record JourneySender(string From, string? FromName);

/// <summary>
/// Takes contacts into journeys and steps their instances, in batches: loads at once what the step function needs to know
/// of the contacts (their events since the instance started, the messages it sent, their consent for the topic, the
/// conditions the steps ask for, evaluated for all the contacts that ask), runs Core's <see cref="JourneyStepper"/> for
/// each, and writes the batch's steps in one transaction through the store, which refuses a step when another node
/// stepped its instance first (the others are written). Sends are only requested: the dispatcher sends them. One entry
/// or one step is the batch of one.
/// </summary>
public sealed class JourneyRunner(
    IJourneyStore journeys, JourneyCatalog catalog, ISegmentStore segments, SegmentCatalog segmentCatalog, JourneySender sender, Dispatcher dispatcher, TimeProvider clock)
{
    /// <summary>The most events of one contact a step reads (the newest are what answers and exits look at).</summary>
    private const int MostEvents = 2_000;

    /// <summary>
    /// The most entries one transaction writes: it holds their contacts' locks until it commits (on PostgreSQL, an entry
    /// costs about ten statements), so a call of a thousand is ten bounded transactions, each seen when it commits.
    /// </summary>
    public const int MostEntriesAtOnce = 100;

    /// <summary>Enters a contact into a version of a journey; returns the instance, or why they may not enter.</summary>
    public async Task<(JourneyInstance? Entered, string? Refused)> EnterAsync(
        int workspaceId, RunningJourney journey, long contactId, JourneyEvent? trigger, CancellationToken ct) =>
        (await EnterManyAsync(workspaceId, journey, [(contactId, trigger)], ct))[0];

    /// <summary>
    /// Enters contacts into a version of a journey in batches of <see cref="MostEntriesAtOnce"/>: what their first steps
    /// need is read at once, and each batch's entries are written in one transaction. Returns, in the order given, each
    /// instance, or why that contact may not enter.
    /// </summary>
    public async Task<IReadOnlyList<(JourneyInstance? Entered, string? Refused)>> EnterManyAsync(
        int workspaceId, RunningJourney journey, IReadOnlyList<(long ContactId, JourneyEvent? Trigger)> entries, CancellationToken ct)
    {
        var results = new List<(JourneyInstance?, string?)>(entries.Count);
        foreach (var batch in entries.Chunk(MostEntriesAtOnce))
        {
            results.AddRange(await EnterBatchAsync(workspaceId, journey, batch, ct));
        }

        return results;
    }

    private async Task<IReadOnlyList<(JourneyInstance? Entered, string? Refused)>> EnterBatchAsync(
        int workspaceId, RunningJourney journey, IReadOnlyList<(long ContactId, JourneyEvent? Trigger)> entries, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var definition = journey.Definition;
        var fresh = entries.Select(e => JourneyInstance.Enter(definition, journey.Stored.Version, e.ContactId, e.Trigger, now)).ToList();
        var reading = await journeys.ReadAsync(workspaceId, fresh, MostEvents, ct);
        var audience = definition.Entry.Audience is null ? null
            : await HoldingAsync(workspaceId, definition, JourneyDefinition.AudienceKey, [.. reading.Contacts.Keys], ct);
        var results = new (JourneyInstance?, string?)[entries.Count];
        var looks = new List<(int Index, Look Look, bool? InAudience)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var topic = Topic(definition, reading, fresh[i].ContactId);
            bool? inAudience = audience?.Contains(fresh[i].ContactId);
            if (!reading.Contacts.TryGetValue(fresh[i].ContactId, out var contact))
            {
                results[i] = (null, "no such contact");
            }
            else if (JourneyEntry.Refusal(definition, [], topic, inAudience, now) is { } refused)
            {
                results[i] = (null, refused); // consent and audience: the earlier instances are read under the contact's lock
            }
            else
            {
                var known = new Dictionary<string, bool>(StringComparer.Ordinal);
                if (inAudience is { } holds)
                {
                    known[JourneyDefinition.AudienceKey] = holds;
                }

                looks.Add((i, new Look(definition, fresh[i], contact, topic, known), inAudience));
            }
        }

        var firsts = await StepAllAsync(workspaceId, [.. looks.Select(l => l.Look)], reading, now, ct);
        var writes = looks.Select((l, k) => new EntryWrite(firsts[k], sender.Messages(definition, firsts[k], l.Look.Contact),
            previous => JourneyEntry.Refusal(definition, previous, l.Look.Topic, l.InAudience, now, entries[l.Index].Trigger))).ToList();
        var entered = await journeys.EnterManyAsync(workspaceId, writes, now, ct);
        WakeDispatcher(writes.Where((w, k) => entered[k].Entered is not null).Any(w => w.Messages.Count > 0));
        var goOn = new List<JourneyInstance>();
        for (var k = 0; k < looks.Count; k++)
        {
            results[looks[k].Index] = entered[k];
            if (entered[k].Entered is { } stored && GoesOn(firsts[k]))
            {
                goOn.Add(stored);
            }
        }

        await StepManyAsync(workspaceId, goOn, ct);
        return results;
    }

    /// <summary>Looks at a stored instance (a timer came due, an event came, consent changed); false when another node stepped it first.</summary>
    public async Task<bool> StepAsync(int workspaceId, JourneyInstance instance, CancellationToken ct) =>
        (await StepManyAsync(workspaceId, [instance], ct))[0];

    /// <summary>
    /// Looks at stored instances as one batch: what they need is read at once and their steps are written in one
    /// transaction. Returns, in the order given, whether each step was written (false: another node stepped it first).
    /// A step that ended after an action is followed at once by the next, which sees what the action wrote.
    /// </summary>
    public async Task<IReadOnlyList<bool>> StepManyAsync(int workspaceId, IReadOnlyList<JourneyInstance> instances, CancellationToken ct)
    {
        var (written, goOn) = await StepOnceAsync(workspaceId, instances, ct);
        for (var looks = 0; goOn.Count > 0 && looks < JourneyStepper.MostNodesInOneStep; looks++)
        {
            (_, goOn) = await StepOnceAsync(workspaceId, goOn, ct);
        }

        return written;
    }

    /// <summary>
    /// Steps instances; those that moved on meanwhile (another node stepped them first, or a webhook given up was recorded on
    /// them) are read again and, if still on their way, look once more: what woke them may be news to them.
    /// </summary>
    public async Task StepLatestAsync(int workspaceId, IReadOnlyList<JourneyInstance> instances, CancellationToken ct)
    {
        var written = await StepManyAsync(workspaceId, instances, ct);
        var again = new List<JourneyInstance>();
        foreach (var (instance, _) in instances.Zip(written).Where(x => !x.Second))
        {
            if (await journeys.InstanceAsync(workspaceId, instance.Id, ct) is { Status: InstanceStatus.Active } fresh)
            {
                again.Add(fresh);
            }
        }

        await StepManyAsync(workspaceId, again, ct);
    }

    /// <summary>What a step of one instance knows: its definition, the contact, where they stand with its topic, the conditions evaluated so far.</summary>
    private sealed record Look(JourneyDefinition Definition, JourneyInstance Instance, Contact Contact, TopicConsent Topic, Dictionary<string, bool> Known);

    /// <summary>A step that acted and left the instance on its way: it is due at once at the next node.</summary>
    private static bool GoesOn(Stepped step) => step.Actions.Count > 0 && step.Instance.Status == InstanceStatus.Active;

    /// <summary>One step of each stored instance: whether each was written, and those written that go on at once, as written.</summary>
    private async Task<(IReadOnlyList<bool> Written, List<JourneyInstance> GoOn)> StepOnceAsync(
        int workspaceId, IReadOnlyList<JourneyInstance> instances, CancellationToken ct)
    {
        var written = new bool[instances.Count];
        if (instances.Count == 0)
        {
            return (written, []);
        }

        var now = clock.GetUtcNow();
        var versions = new Dictionary<(string, int), RunningJourney?>();
        foreach (var (key, version) in instances.Select(i => (i.Journey, i.Version)).Distinct())
        {
            versions[(key, version)] = await catalog.VersionAsync(workspaceId, key, version, ct);
        }

        var reading = await journeys.ReadAsync(workspaceId, instances, MostEvents, ct);
        var writes = new List<(int Index, StepWrite Write)>();
        var looks = new List<(int Index, Look Look)>();
        for (var i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            var journey = versions[(instance.Journey, instance.Version)];
            if (journey is null || !reading.Contacts.TryGetValue(instance.ContactId, out var contact))
            {
                var why = journey is null ? "the journey's version is gone" : "the contact is gone";
                writes.Add((i, new StepWrite(instance, JourneyStepper.End(instance, InstanceStatus.Exited, why, now), [])));
            }
            else if (journey.Stored.Status == JourneyStatus.Paused)
            {
                written[i] = true; // held where they are: its timers fire when the journey is resumed
            }
            else if (journey.Stored.Status == JourneyStatus.Stopped)
            {
                writes.Add((i, new StepWrite(instance, JourneyStepper.End(instance, InstanceStatus.Exited, "the journey was stopped", now), [])));
            }
            else
            {
                looks.Add((i, new Look(journey.Definition, instance, contact, Topic(journey.Definition, reading, contact.Id), new(StringComparer.Ordinal))));
            }
        }

        var steps = await StepAllAsync(workspaceId, [.. looks.Select(l => l.Look)], reading, now, ct);
        writes.AddRange(looks.Select((l, k) => (l.Index, new StepWrite(l.Look.Instance, steps[k], sender.Messages(l.Look.Definition, steps[k], l.Look.Contact)))));
        var results = await journeys.WriteStepsAsync(workspaceId, [.. writes.Select(w => w.Write)], now, ct);
        WakeDispatcher(writes.Where((w, k) => results[k]).Any(w => w.Write.Messages.Count > 0));
        var goOn = new List<JourneyInstance>();
        for (var k = 0; k < writes.Count; k++)
        {
            var (index, (before, step, _)) = writes[k];
            written[index] = results[k];
            if (results[k] && GoesOn(step))
            {
                goOn.Add(step.Instance with { Id = before.Id, ContactId = before.ContactId });
            }
        }

        return (written, goOn);
    }

    /// <summary>Messages were queued: the dispatcher of this node sends them now (other nodes' look on their own within a second).</summary>
    private void WakeDispatcher(bool queued)
    {
        if (queued)
        {
            dispatcher.Wake();
        }
    }

    private static TopicConsent Topic(JourneyDefinition definition, JourneyReading reading, long contactId) =>
        definition.Topic is null ? TopicConsent.None : TopicConsents.Of(reading.Subscriptions[contactId], definition.Topic);

    /// <summary>
    /// Steps each instance on what was read; the conditions the steps ask for are evaluated for all the contacts that ask
    /// at once (per journey version and condition), and those steps are taken again.
    /// </summary>
    private async Task<IReadOnlyList<Stepped>> StepAllAsync(int workspaceId, IReadOnlyList<Look> looks, JourneyReading reading, DateTimeOffset now, CancellationToken ct)
    {
        var steps = new Stepped?[looks.Count];
        while (true)
        {
            var asking = new List<(Look Look, string Key)>();
            for (var i = 0; i < looks.Count; i++)
            {
                if (steps[i] is not null)
                {
                    continue;
                }

                var (definition, instance, contact, topic, known) = looks[i];
                var since = instance.EnteredAt.AddSeconds(-1);
                var facts = new JourneyFacts([.. reading.Events[contact.Id].Where(e => e.Timestamp >= since)], [.. reading.Sent[instance.Id]],
                    known, topic, JourneyClock.Zone(contact.TimeZone), contact.Traits);
                switch (JourneyStepper.Step(definition, instance, facts, now))
                {
                    case Stepped stepped:
                        steps[i] = stepped;
                        break;
                    case NeedsConditions needs:
                        asking.AddRange(needs.Keys.Select(k => (looks[i], k)));
                        break;
                    default:
                        throw new UnreachableException();
                }
            }

            if (asking.Count == 0)
            {
                return steps!;
            }

            foreach (var group in asking.GroupBy(a => (a.Look.Instance.Journey, a.Look.Instance.Version, a.Key)))
            {
                var holding = await HoldingAsync(workspaceId, group.First().Look.Definition, group.Key.Key, [.. group.Select(a => a.Look.Contact.Id).Distinct()], ct);
                foreach (var (look, key) in group)
                {
                    look.Known[key] = holding.Contains(look.Contact.Id);
                }
            }
        }
    }

    /// <summary>Which of <paramref name="contactIds"/> meet the journey's condition named <paramref name="key"/>, by the segments' compiled SQL.</summary>
    private async Task<IReadOnlySet<long>> HoldingAsync(
        int workspaceId, JourneyDefinition definition, string key, IReadOnlyList<long> contactIds, CancellationToken ct)
    {
        if (contactIds.Count == 0)
        {
            return new HashSet<long>();
        }

        var current = await segmentCatalog.CurrentAsync(workspaceId, ct);
        var condition = definition.Conditions().First(c => c.Key == key).Condition;
        return await segments.MatchingAsync(workspaceId, condition, current.GetValueOrDefault, clock.GetUtcNow(), contactIds, ct);
    }
}
