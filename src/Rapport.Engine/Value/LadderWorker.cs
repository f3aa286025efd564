using Microsoft.Extensions.Logging;
using Rapport.Core.Ports;
using Rapport.Core.Segments;
using Rapport.Core.Work;
using Rapport.Engine.Work;

namespace Rapport.Engine.Value;

/// <summary>
/// Keeps each contact on their stage of the ladder of loyalty (queue <see cref="WorkQueues.LoyaltyLadder"/>): a change
/// moves only the contacts it touched, and only when the ladder's rules depend on what changed; a change of everyone's
/// value, and the scheduled full refresh (rules with time windows), put everyone on their stage. Each move is a Stage
/// Changed event, recorded with work for the segments.
/// </summary>
public sealed class LadderWorker(CustomerValues values, IWorkspaceStore workspaces, IWorkStore work, WorkAnswers answers, WorkTimes times, TimeProvider clock, ILogger<LadderWorker> log)
    : QueueWorker(work, workspaces, answers, times, clock, log)
{
    public override string Queue => WorkQueues.LoyaltyLadder;

    protected override (WorkItem Item, TimeSpan Every)? Schedule => (new FullRefreshDue(), Times.FullRefresh);

    /// <summary>The scheduled refresh puts everyone on their stage when a rule tests the passing of time; else every change already did.</summary>
    protected override async Task DoScheduledAsync(int workspaceId, CancellationToken ct)
    {
        var ladder = await values.LadderAsync(workspaceId, ct);
        if (SegmentDependencies.Of(new AnyOf(ladder.Rules.Select(r => r.Condition).ToList()), _ => null).Clock)
        {
            await values.RefreshStagesAsync(workspaceId, null, ct);
        }
    }

    protected override async Task<IReadOnlyDictionary<long, string>?> DoAsync(int id, IReadOnlyList<StoredWork> items, CancellationToken ct)
    {
        var ladder = await values.LadderAsync(id, ct);
        if (ladder.Rules.Count == 0)
        {
            return null; // everyone is a suspect: saving a ladder puts everyone on their stage
        }

        var rules = SegmentDependencies.Of(new AnyOf(ladder.Rules.Select(r => r.Condition).ToList()), _ => null);
        var touching = items.Select(i => i.Item).OfType<ContactsChanged>().Where(rules.IsAffectedBy).ToList();
        if (touching.Any(c => c.Everyone))
        {
            await values.RefreshStagesAsync(id, null, ct);
        }
        else if (touching.SelectMany(c => c.Contacts).ToHashSet() is { Count: > 0 } contacts)
        {
            await values.RefreshStagesAsync(id, contacts, ct);
        }

        return null;
    }
}
