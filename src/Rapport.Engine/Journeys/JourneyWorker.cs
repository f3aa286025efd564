using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rapport.Core.Events;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Work;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Works the journeys queue: each event a change recorded (<see cref="EventsTracked"/>) takes its contact into the active
/// journeys it triggers, and wakes that contact's instances, which look again at what happened (an answer, a goal, an
/// exit), when it is an event some journey waits for; a consent change wakes the contact's instances too. With no
/// journey running, tracked events cost one read of the journeys. Only the instances of the contacts named are read: no scan.
/// A journey stopped or resumed has each of its instances look again. Once a minute (scheduled work, one node) the
/// broadcasts and profile dates whose time came enter their people (<see cref="JourneySchedules"/>).
/// Entering and stepping are idempotent (an instance per journey and contact at once; a step written once), so an item
/// done twice after a crash changes nothing the first time did not.
/// </summary>
public sealed class JourneyWorker(
    JourneyRunner runner, JourneyCatalog catalog, JourneySchedules schedules, IJourneyStore journeys, IWorkspaceStore workspaces, IWorkStore work,
    WorkAnswers answers, WorkTimes times, TimeProvider clock, ILogger<JourneyWorker> log)
    : QueueWorker(work, workspaces, answers, times, clock, log)
{
    /// <summary>How often broadcasts and profile dates are looked at: their entries come at most this late.</summary>
    public static readonly TimeSpan ScheduleEvery = TimeSpan.FromMinutes(1);

    public override string Queue => WorkQueues.Journeys;

    protected override (WorkItem Item, TimeSpan Every)? Schedule => (new FullRefreshDue(), ScheduleEvery);

    /// <summary>The broadcasts and profile dates whose time came since the last look enter their people (one node looks).</summary>
    protected override Task DoScheduledAsync(int workspaceId, CancellationToken ct) => schedules.EnterDueAsync(workspaceId, ct);

    protected override async Task<IReadOnlyDictionary<long, string>?> DoAsync(int workspaceId, IReadOnlyList<StoredWork> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.Item).OfType<EventsTracked>().SelectMany(e => e.MessageIds).Distinct(StringComparer.Ordinal).ToList();
        var running = ids.Count == 0 ? [] : await catalog.RunningAsync(workspaceId, ct);
        var active = running.Where(j => j.Stored.Status == JourneyStatus.Active).ToList();
        var news = new HashSet<string>(StringComparer.Ordinal);
        foreach (var journey in running)
        {
            news.UnionWith(await catalog.EventsWaitedForAsync(workspaceId, journey, ct));
        }

        var events = running.Count == 0 ? [] : (await journeys.EventsAsync(workspaceId, ids, ct))
            .Where(e => news.Contains(e.Event.Name) || active.Any(j => JourneyEntry.IsTriggeredBy(j.Definition, e.Event, Clock.GetUtcNow()))).ToList();
        var entered = new HashSet<long>();
        foreach (var journey in active)
        {
            var entries = events.OrderBy(e => e.Event.Timestamp).Where(e => JourneyEntry.IsTriggeredBy(journey.Definition, e.Event, Clock.GetUtcNow()))
                .Select(e => (e.ContactId, (JourneyEvent?)e.Event)).ToList();
            foreach (var (instance, _) in entries.Count == 0 ? [] : await runner.EnterManyAsync(workspaceId, journey, entries, ct))
            {
                if (instance is not null)
                {
                    entered.Add(instance.Id); // it has just looked at what happened
                }
            }
        }

        foreach (var changed in items.Select(i => i.Item).OfType<JourneyStatusChanged>())
        {
            await journeys.SettleMessagesAsync(workspaceId, changed.Journey, ct); // a message a step queued while the status changed
            await LookAtEveryoneInAsync(workspaceId, changed.Journey, ct);
        }

        var woken = new List<JourneyInstance>();
        foreach (var (contactId, skip) in Woken(events, items.Select(i => i.Item).OfType<ContactsChanged>(), entered))
        {
            woken.AddRange((await journeys.OfContactAsync(workspaceId, contactId, activeOnly: true, ct)).Where(i => !skip.Contains(i.Id)));
        }

        await runner.StepLatestAsync(workspaceId, woken, ct);

        return null;
    }

    /// <summary>
    /// The contacts whose instances look again, with the instances that need not: those just entered (they looked), and an
    /// instance whose own entry (Journey Entered) is the only news for its contact.
    /// </summary>
    private static Dictionary<long, HashSet<long>> Woken(
        IEnumerable<(long ContactId, JourneyEvent Event)> events, IEnumerable<ContactsChanged> changes, HashSet<long> entered)
    {
        var woken = new Dictionary<long, HashSet<long>>();
        var everyone = new HashSet<long>();
        foreach (var contactId in changes.SelectMany(c => c.Contacts))
        {
            everyone.Add(contactId);
        }

        foreach (var (contactId, e) in events)
        {
            if (e.Name == ReservedEvents.JourneyEntered && e.Properties["instance"] is JsonValue id && id.TryGetValue<long>(out var own))
            {
                (woken.TryGetValue(contactId, out var skip) ? skip : woken[contactId] = [.. entered]).Add(own);
            }
            else
            {
                everyone.Add(contactId);
            }
        }

        foreach (var contactId in everyone)
        {
            woken[contactId] = [.. entered];
        }

        return woken;
    }

    /// <summary>A journey was stopped or resumed: each of its active instances looks again (and exits, when it was stopped).</summary>
    private async Task LookAtEveryoneInAsync(int workspaceId, string journey, CancellationToken ct)
    {
        for (long after = 0; ;)
        {
            var page = await journeys.ActiveOfJourneyAsync(workspaceId, journey, after, 500, ct);
            if (page.Count == 0)
            {
                return;
            }

            await runner.StepLatestAsync(workspaceId, page, ct);

            after = page[^1].Id;
        }
    }
}
