using System.Text.Json.Nodes;
using Rapport.Core.Journeys;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Engine.Segments;

namespace Rapport.Engine.Journeys;

/// <summary>
/// Enters people when their time comes: a broadcast's members at its time (once, or at each time of its cron expression),
/// and each contact on the date their profile names (moved by days, at a local time; yearly for a birthday). Looks at the
/// times that passed since it last looked; every entry carries the broadcast's or the date's own trigger id, so looking
/// twice (a crash before the look was recorded, or after some of its pages of 1,000 were entered, each a transaction)
/// enters nobody twice. A recurring broadcast that came due more than once
/// while nobody looked (a pause, a node down) goes once, at its latest time.
/// </summary>
public sealed class JourneySchedules(
    JourneyRunner runner, JourneyCatalog catalog, IJourneyStore journeys, IContactStore contacts, ISegmentStore segments,
    SegmentCatalog segmentCatalog, TimeProvider clock)
{
    private const int Page = 1000;

    /// <summary>Looks at every active journey of the workspace that has a broadcast or a date trigger.</summary>
    public async Task EnterDueAsync(int workspaceId, CancellationToken ct)
    {
        foreach (var journey in await catalog.ActiveAsync(workspaceId, ct))
        {
            var timed = journey.Definition.Triggers.Where(t => t is BroadcastTrigger or DateTrigger).ToList();
            if (timed.Count == 0)
            {
                continue;
            }

            var now = clock.GetUtcNow();
            var from = journey.Stored.ScheduleCheckedAt ?? journey.Stored.StatusSince;
            foreach (var trigger in timed)
            {
                await (trigger switch
                {
                    BroadcastTrigger b => BroadcastAsync(workspaceId, journey, b, journey.Stored.ScheduleCheckedAt, from, now, ct),
                    DateTrigger d => DatesAsync(workspaceId, journey, d, from, now, ct),
                    _ => throw new System.Diagnostics.UnreachableException(),
                });
            }

            await journeys.MarkScheduleCheckedAsync(workspaceId, journey.Stored.Key, now, ct);
        }
    }

    /// <summary>A broadcast at a time: once at a time already past when the journey is activated, too ("send now").</summary>
    private async Task BroadcastAsync(
        int workspaceId, RunningJourney journey, BroadcastTrigger broadcast, DateTimeOffset? checkedAt, DateTimeOffset from, DateTimeOffset now, CancellationToken ct)
    {
        var times = broadcast.Between(broadcast.At is null ? from : checkedAt ?? DateTimeOffset.MinValue, now).ToList();
        if (times.Count == 0)
        {
            return;
        }

        var at = times[^1];
        var trigger = new JourneyEvent(BroadcastTrigger.MessageId(journey.Stored.Key, at), "Journey Broadcast", at, new JsonObject { ["segment"] = broadcast.Segment });
        var current = await segmentCatalog.CurrentAsync(workspaceId, ct);
        if (!current.TryGetValue(broadcast.Segment, out var segment))
        {
            return; // deleted since the journey was activated: nobody to send to
        }

        await EnterEveryoneAsync(workspaceId, segment.Condition, current.GetValueOrDefault, now,
            page => runner.EnterManyAsync(workspaceId, journey, [.. page.Select(id => (id, (JourneyEvent?)trigger))], ct), ct);
    }

    /// <summary>Contacts whose date (moved, at the local time in their zone) came between the last look and now.</summary>
    private async Task DatesAsync(int workspaceId, RunningJourney journey, DateTrigger date, DateTimeOffset from, DateTimeOffset now, CancellationToken ct)
    {
        // A day on either side covers every time zone; the exact moment is worked out for each contact in theirs.
        var first = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-date.OffsetDays - 2);
        var last = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-date.OffsetDays + 2);
        Condition candidates = date.Yearly
            ? new TraitCondition(date.Trait, new Test(TestOperator.AnniversaryWithinDays, [], last.DayNumber - first.DayNumber, null))
            : new AllOf([new TraitCondition(date.Trait, new Test(TestOperator.After, [], null, first)), new TraitCondition(date.Trait, new Test(TestOperator.Before, [], null, last))]);
        var anchor = date.Yearly ? new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : now;
        await EnterEveryoneAsync(workspaceId, candidates, _ => null, anchor, async page =>
        {
            var entries = new List<(long, JourneyEvent?)>();
            foreach (var id in page)
            {
                if (await contacts.GetAsync(workspaceId, id, ct) is { } contact
                    && date.MomentBetween(contact.Traits, JourneyClock.Zone(contact.TimeZone), from, now) is { } moment)
                {
                    entries.Add((id, new JourneyEvent(DateTrigger.MessageId(journey.Stored.Key, id, moment), "Journey Date", moment, new JsonObject { ["trait"] = date.Trait })));
                }
            }

            await runner.EnterManyAsync(workspaceId, journey, entries, ct);
        }, ct);
    }

    /// <summary>Enters the contacts who meet <paramref name="condition"/> a page at a time: each page is one batch of entries, one transaction.</summary>
    private async Task EnterEveryoneAsync(
        int workspaceId, Condition condition, Func<string, SegmentDefinition?> resolve, DateTimeOffset now, Func<IReadOnlyList<long>, Task> enter, CancellationToken ct)
    {
        for (long after = 0; ;)
        {
            var page = await segments.MembersAsync(workspaceId, condition, resolve, now, after, Page, ct);
            await enter([.. page.Select(m => m.Id)]);

            if (page.Count < Page)
            {
                return;
            }

            after = page[^1].Id;
        }
    }
}
