using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Core.Work;
using Rapport.Engine.Work;

namespace Rapport.Engine.Segments;

/// <summary>
/// Keeps the stored membership of every segment current (queue <see cref="WorkQueues.SegmentMembership"/>). A change to
/// some contacts re-evaluates only them, in only the segments that depend on what changed (their own Segment Entered /
/// Exited and Stage Changed events included); a saved segment, and every segment that refers to it, is evaluated for
/// everyone; the scheduled refresh evaluates the segments that test the passing of time for everyone. A segment that
/// fails holds up no other (<see cref="SegmentFailures"/>).
/// </summary>
public sealed class SegmentWorker(
    SegmentCatalog catalog, IWorkspaceStore workspaces, IMembershipStore memberships, SegmentFailures failures,
    IWorkStore work, WorkAnswers answers, WorkTimes times, TimeProvider clock, ILogger<SegmentWorker> log)
    : QueueWorker(work, workspaces, answers, times, clock, log)
{
    public override string Queue => WorkQueues.SegmentMembership;

    protected override (WorkItem Item, TimeSpan Every)? Schedule => (new FullRefreshDue(), Times.FullRefresh);

    protected override async Task<IReadOnlyDictionary<long, string>?> DoAsync(int id, IReadOnlyList<StoredWork> items, CancellationToken ct)
    {
        await ApplyAsync(id, items.Select(i => i.Item).ToList(), ct);
        return null;
    }

    /// <summary>
    /// The scheduled refresh: every segment that tests the passing of time (a window of days, an anniversary, messages
    /// received), for everyone. The others follow every change through the work it records, so refreshing them would
    /// find nothing to do.
    /// </summary>
    protected override async Task DoScheduledAsync(int workspaceId, CancellationToken ct)
    {
        var current = await catalog.ReadAllAsync(workspaceId, ct);
        foreach (var segment in current.Stored.Where(SegmentFailures.MayRun))
        {
            if (!current.Definitions.TryGetValue(segment.Key, out var definition)
                || SegmentDependencies.Of(definition.Condition, current.Definitions.GetValueOrDefault).Clock)
            {
                await RefreshAsync(workspaceId, segment, current, null, ct);
            }
        }
    }

    private async Task ApplyAsync(int workspaceId, IReadOnlyList<WorkItem> items, CancellationToken ct)
    {
        var current = await catalog.ReadAllAsync(workspaceId, ct);
        var saved = items.OfType<SegmentSaved>().Select(s => s.Segment).ToHashSet(StringComparer.Ordinal);
        foreach (var key in saved.Where(k => current.Stored.All(s => s.Key != k)))
        {
            await memberships.CloseAsync(workspaceId, key, Clock.GetUtcNow(), ct);
        }

        var changes = items.OfType<ContactsChanged>().ToList();
        var forContacts = new List<(StoredSegment Segment, SegmentRefresh Refresh)>();
        foreach (var segment in current.Stored.Where(s => s.ParkedAt is null))
        {
            if (!current.Definitions.TryGetValue(segment.Key, out var definition))
            {
                await RefreshAsync(workspaceId, segment, current, null, ct); // parks it: it does not read
            }
            else if (saved.Contains(segment.Key) || SegmentReferences.Of(definition.Condition).Any(saved.Contains))
            {
                await RefreshAsync(workspaceId, segment, current, null, ct); // a new version, or a retry after a failure
            }
            else if (SegmentFailures.MayRun(segment))
            {
                var dependencies = SegmentDependencies.Of(definition.Condition, current.Definitions.GetValueOrDefault);
                var affecting = changes.Where(dependencies.IsAffectedBy).ToList();
                if (affecting.Any(c => c.Everyone))
                {
                    await RefreshAsync(workspaceId, segment, current, null, ct);
                }
                else if (affecting.SelectMany(c => c.Contacts).ToHashSet() is { Count: > 0 } contacts)
                {
                    forContacts.Add((segment, new SegmentRefresh(segment.Key, definition.Condition, contacts)));
                }
            }
        }

        await RefreshForContactsAsync(workspaceId, forContacts, current, ct);
    }

    /// <summary>
    /// The segments that some contacts' changes affect, for those contacts, in one transaction: an order that counts in
    /// twenty segments costs one commit, not twenty. A segment that fails there is recorded as failed, the others are kept.
    /// </summary>
    private async Task RefreshForContactsAsync(int workspaceId, List<(StoredSegment Segment, SegmentRefresh Refresh)> refreshes, CurrentSegments current, CancellationToken ct)
    {
        if (refreshes.Count == 0)
        {
            return;
        }

        var failed = await memberships.RefreshForContactsAsync(
            workspaceId, refreshes.Select(r => r.Refresh).ToList(), current.Definitions.GetValueOrDefault, Clock.GetUtcNow(), ct);
        foreach (var (segment, _) in refreshes.Where(r => failed.ContainsKey(r.Segment.Key)))
        {
            await failures.FailedAsync(workspaceId, segment, failed[segment.Key], ct);
        }
    }

    /// <summary>One segment's membership, for <paramref name="contacts"/> or (null) everyone; a failure is recorded and the batch goes on.</summary>
    private Task RefreshAsync(int workspaceId, StoredSegment segment, CurrentSegments current, IReadOnlyCollection<long>? contacts, CancellationToken ct) =>
        current.Unreadable.TryGetValue(segment.Key, out var problem)
            ? failures.ParkAsync(workspaceId, segment, problem, ct)
            : failures.RunAsync(workspaceId, segment, () => memberships.RefreshAsync(
                workspaceId, segment.Key, current.Definitions[segment.Key].Condition, current.Definitions.GetValueOrDefault, Clock.GetUtcNow(), contacts, ct), ct);
}
