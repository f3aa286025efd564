using Rapport.Core.Contacts;
using Rapport.Core.Journeys;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// The side of the journey property that Rapport runs: one node's workers on a store (<see cref="JourneyRig"/>), the
/// fake clock moved to each moment, events tracked through ingest, and the workers run until none finds work.
/// </summary>
public sealed class StoredJourneyRun(JourneyRig rig, int ws, IReadOnlyList<Contact> people) : IJourneyRun
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async Task<DateTimeOffset?> NextDueAsync()
    {
        DateTimeOffset? due = null;
        foreach (var person in people)
        {
            foreach (var instance in await rig.Journeys.OfContactAsync(ws, person.Id, activeOnly: true, Ct))
            {
                due = due is null || instance.DueAt < due ? instance.DueAt : due;
            }
        }

        return due;
    }

    public async Task AtAsync(DateTimeOffset now, IReadOnlyList<CaseEvent> events)
    {
        rig.Store.Clock.Advance(now - rig.Store.Clock.GetUtcNow());
        await rig.RunUntilQuietAsync();
        foreach (var e in events)
        {
            await rig.TrackAsync(ws, people[e.Person].Id, e.Name, at: now);
        }

        await rig.RunUntilQuietAsync();
    }

    /// <summary>Each person's path as the store recorded it, as <see cref="JourneyCase.PathOf"/> writes it.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> PathsAsync(DateTimeOffset start)
    {
        var paths = new List<IReadOnlyList<string>>();
        foreach (var person in people)
        {
            var instances = new List<(JourneyInstance, IReadOnlyList<StepRecord>, IReadOnlyList<SentMessage>)>();
            foreach (var instance in (await rig.Journeys.OfContactAsync(ws, person.Id, activeOnly: false, Ct)).OrderBy(i => i.Id))
            {
                instances.Add((instance, await rig.Journeys.StepsAsync(ws, instance.Id, Ct), await rig.Journeys.SentAsync(ws, instance.Id, Ct)));
            }

            paths.Add(JourneyCase.PathOf(instances, start));
        }

        return paths;
    }
}
