using Rapport.Core.Contacts;
using Rapport.Core.Journeys;
using Rapport.Core.Journeys.Simulation;
using Rapport.Core.Ports;
using Rapport.Engine.Segments;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Real contacts as the people of a journey simulation, read and never written: their time zone and traits, their
/// events of the last <see cref="LookBack"/> (the newest that is one of the journey's triggers starts them), where they
/// stand with the journey's topic, and each of its conditions evaluated for them now with the segments' compiled SQL.
/// </summary>
public sealed class SimulatedContacts(IContactStore contacts, IConsentStore consent, IJourneyStore journeys, ISegmentStore segments, SegmentCatalog segmentCatalog)
{
    /// <summary>How far back a contact's events are read.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(30);

    /// <summary>The most events of one contact read (the oldest of the <see cref="LookBack"/> first, as the runner reads them).</summary>
    private const int MostEvents = 2_000;

    /// <summary>The people, in the order of <paramref name="ids"/> (each once); or, when some do not exist, none and their ids.</summary>
    public async Task<(IReadOnlyList<SimulatedPerson> People, IReadOnlyList<long> Missing)> LoadAsync(
        int workspaceId, JourneyDefinition journey, IReadOnlyList<long> ids, DateTimeOffset now, CancellationToken ct)
    {
        var found = new List<Contact>();
        var missing = new List<long>();
        foreach (var id in ids.Distinct())
        {
            if (await contacts.GetAsync(workspaceId, id, ct) is { } contact)
            {
                found.Add(contact);
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            return ([], missing);
        }

        var conditions = found.ToDictionary(c => c.Id, _ => new Dictionary<string, bool>(StringComparer.Ordinal));
        var current = await segmentCatalog.CurrentAsync(workspaceId, ct);
        foreach (var (key, condition) in journey.Conditions())
        {
            var holding = await segments.MatchingAsync(workspaceId, condition, current.GetValueOrDefault, now, conditions.Keys, ct);
            foreach (var (id, answers) in conditions)
            {
                answers[key] = holding.Contains(id);
            }
        }

        var people = new List<SimulatedPerson>(found.Count);
        foreach (var contact in found)
        {
            var events = await journeys.EventsSinceAsync(workspaceId, contact.Id, now - LookBack, MostEvents, ct);
            var topic = TopicConsents.Of(await consent.SubscriptionsAsync(workspaceId, contact.Id, ct), journey.Topic);
            people.Add(new SimulatedPerson(contact.Id, JourneyClock.Zone(contact.TimeZone), contact.Traits, events, conditions[contact.Id], topic));
        }

        return (people, []);
    }
}
